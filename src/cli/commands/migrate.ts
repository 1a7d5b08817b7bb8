import type { Command } from 'commander';
import { loadConfig } from '../../platform/config.js';
import { openDatabase } from '../../platform/db/index.js';
import { migrateAsOwner } from '../../server.js';
import { out } from '../support.js';

/** `pulih migrate`: database migrations. */
export function addMigrateCommands(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      const config = loadConfig();
      const database = openDatabase(config.database);
      try {
        const applied = await migrateAsOwner(config, database);
        out(applied.length ? `Applied: ${applied.join(', ')}` : 'Schema is current.');
      } finally {
        await database.close();
      }
    });
}
