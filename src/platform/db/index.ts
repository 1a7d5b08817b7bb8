export {
  type Database,
  type DialectAdapter,
  type DialectName,
  openDatabase,
  type RawDriver,
  rawDriverOf,
} from './dialect.js';
export { migrateToLatest, migrationStatus } from './migrator.js';
export { type Executor, tables } from './tables.js';
