export { openDatabase, type Database, type DialectAdapter, type DialectName } from './dialect.js';
export { migrateToLatest, migrationStatus } from './migrator.js';
export { tables, type Executor } from './tables.js';
