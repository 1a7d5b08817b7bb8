import { Command, CommanderError } from 'commander';
import { ConfigError } from '../platform/config.js';
import { AppError } from '../platform/errors.js';
import { addAccountsCommands } from './commands/accounts.js';
import { addAuditCommands } from './commands/audit.js';
import { addBackupCommands } from './commands/backup.js';
import { addDemoCommands } from './commands/demo.js';
import { addKeysCommands } from './commands/keys.js';
import { addMigrateCommands } from './commands/migrate.js';
import { addServeCommands } from './commands/serve.js';
import { explain, fail } from './support.js';

/* The `pulih` command. Every subcommand validates its arguments and exits non-zero with a clear message. */

export function buildCli(): Command {
  const program = new Command('pulih')
    .description('Pulih: protection and rehabilitation of victims of trafficking in persons (Law 21/2007)')
    .showHelpAfterError()
    .exitOverride();

  addServeCommands(program);
  addDemoCommands(program);
  addMigrateCommands(program);
  addAccountsCommands(program);
  addAuditCommands(program);
  addBackupCommands(program);
  addKeysCommands(program);
  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
    if (error instanceof ConfigError) fail(error.message, 2);
    if (error instanceof AppError) explain(error);
    fail(error instanceof Error ? error.message : String(error));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runCli(process.argv);
