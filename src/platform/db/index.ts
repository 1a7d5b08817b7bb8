export {
  type Database,
  type DialectAdapter,
  type DialectName,
  databaseIsEmpty,
  loadSnapshot,
  openDatabase,
  type RawDriver,
  rawDriverOf,
  type SnapshotPayload,
  type SnapshotProgress,
  snapshotDatabase,
  snapshotPayloadOf,
} from './dialect.js';
export { migrateToLatest, migrationStatus } from './migrator.js';
export {
  type Bounded,
  countWithFirst,
  pagesById,
  type RowMatch,
  selectBounded,
  selectRows,
  selectRowsOffThread,
  updateIf,
} from './rows.js';
export { type Executor, tables } from './tables.js';
