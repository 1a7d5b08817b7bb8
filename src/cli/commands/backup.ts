import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { appendAudit } from '../../platform/audit.js';
import {
  BackupError,
  createBackup,
  masterKeyFingerprint,
  readBackupHeader,
  restoreBackup,
} from '../../platform/backup.js';
import { systemClock } from '../../platform/clock.js';
import { loadConfig } from '../../platform/config.js';
import { operatorContext, type Services, transact } from '../../platform/context.js';
import { KeyRing } from '../../platform/crypto.js';
import { migrationStatus, openDatabase } from '../../platform/db/index.js';
import { auditCatalogue, moduleHooks } from '../../server.js';
import {
  counterLine,
  existingMasterKey,
  fail,
  mb,
  out,
  progressBar,
  verifyChainOrExit,
  withServices,
} from '../support.js';

/** `pulih backup` and `pulih restore`: encrypted backups. */
export function addBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('write an encrypted, checksummed backup of the whole database while Pulih keeps running')
    .argument('<file>', 'the archive to write (an existing file is kept unless --force)')
    .option('--force', 'replace an existing file')
    .addHelpText(
      'after',
      `
Takes a consistent copy while the database is in use (SQLite: the online backup API; PostgreSQL: pg_dump,
which must be installed in the server's major version), encrypts it with a key derived from the master
key (AES-256-GCM, a fresh key per archive) and ends it with a SHA-256 checksum. The archive names the
master key it needs by fingerprint and never holds it: store archives and the master key in different
places. Written to <file>.partial first and renamed when complete. The backup is recorded in the audit trail.

Example: pulih backup /var/backups/pulih/pulih-$(date +%F).pulihbak`,
    )
    .action(async (file: string, opts: { force?: boolean }) => {
      const config = loadConfig();
      if (existsSync(file) && !opts.force) fail(`${file} exists; choose another name or pass --force`, 2);
      if (!existsSync(dirname(resolve(file)))) fail(`the directory of ${file} does not exist`, 2);
      const master = existingMasterKey(config);
      await withServices(
        async (s, ctx) => {
          const { latest } = await migrationStatus(s.database);
          const bar = progressBar('Copying pages');
          const bytes = counterLine('Dumping');
          let barStarted = false;
          const result = await createBackup({
            database: config.database,
            master,
            file,
            schema: latest,
            now: s.clock.now(),
            onProgress: (done, total, unit) => {
              if (unit === 'pages' && total !== undefined) {
                if (!barStarted) bar.start(total, 0);
                barStarted = true;
                bar.setTotal(total);
                bar.update(done);
              } else bytes.update(mb(done));
            },
          }).catch((error: unknown) => {
            if (barStarted) bar.stop();
            if (error instanceof BackupError) fail(error.message, 2);
            throw error;
          });
          if (barStarted) bar.stop();
          else bytes.stop('done');
          await transact(ctx, (tx) =>
            appendAudit(tx, ctx, {
              action: 'backup.create',
              details: {
                bytes: result.bytes,
                sha256: result.sha256,
                keyFingerprint: result.header.key.fingerprint,
                dialect: result.header.dialect,
              },
            }),
          );
          out(`Backup written: ${file} (${mb(result.bytes)}, ${s.database.adapter.name}, schema ${latest ?? 'none'}).`);
          out(`SHA-256: ${result.sha256}`);
          out(`Needs the master key with fingerprint ${result.header.key.fingerprint} to restore (not stored in it).`);
        },
        { migrate: false },
      );
    });

  program
    .command('restore')
    .description('restore a backup into an empty database, then verify the audit chain')
    .argument('<file>', 'an archive written by `pulih backup`')
    .addHelpText(
      'after',
      `
Checks the archive's checksum, that the configured master key is the one it names (fingerprint) and that
the database of PULIH_DATABASE_URL is empty (a new SQLite file, or a PostgreSQL database just made with
createdb: a non-empty one is refused and left untouched), restores it (SQLite: checked, then moved into
place; PostgreSQL: pg_restore in one transaction) and walks the whole audit chain (exit 3 if broken).
Then start Pulih as usual; pending migrations of a newer version are applied at start or by \`pulih migrate\`.

Example: PULIH_DATABASE_URL=postgres://pulih@db/pulih_restored pulih restore pulih-2026-12-06.pulihbak`,
    )
    .action(async (file: string) => {
      const config = loadConfig();
      if (!existsSync(file)) fail(`no such file: ${file}`, 2);
      const master = existingMasterKey(config);
      const { header } = await readBackupHeader(file).catch((error: unknown) =>
        fail(error instanceof Error ? error.message : String(error), 2),
      );
      out(
        `Backup of ${header.createdAt} (${header.dialect}, schema ${header.schema ?? 'none'}), needs master key ${header.key.fingerprint}; configured key ${masterKeyFingerprint(master)}.`,
      );
      const bars = { checksum: progressBar('Checking checksum'), restore: progressBar('Restoring') };
      let active: keyof typeof bars | undefined;
      try {
        await restoreBackup({
          file,
          master,
          database: config.database,
          onStep: (step, done, total) => {
            if (active !== step) {
              if (active) bars[active].stop();
              bars[step].start(total, 0, {});
              active = step;
            }
            bars[step].update(done);
          },
        });
      } catch (error) {
        if (active) bars[active].stop();
        if (error instanceof BackupError) fail(error.message, 2);
        throw error;
      }
      if (active) bars[active].stop();
      const database = openDatabase(config.database);
      try {
        // The master key opens the restored data keys (identities are readable) and the audit key the chain
        // is verified with; then the restore is audited.
        const keyring = await KeyRing.open(database.db, master, systemClock.now());
        const checked = await verifyChainOrExit(database, keyring.auditKey);
        const services: Services = {
          database,
          keyring,
          config,
          clock: systemClock,
          log: (await import('pino')).pino({ level: 'warn' }),
          auditCatalogue,
          hooks: moduleHooks(),
        };
        const ctx = operatorContext(services, userInfo().username, []);
        await transact(ctx, (tx) =>
          appendAudit(tx, ctx, {
            action: 'backup.restore',
            details: { backupCreatedAt: header.createdAt, keyFingerprint: header.key.fingerprint },
          }),
        );
        out(`Restored. Audit chain is whole: ${checked} events verified.`);
        const { pending } = await migrationStatus(database);
        if (pending.length > 0)
          out(`${pending.length} newer migration(s) will be applied at start (or: pulih migrate).`);
      } finally {
        await database.close();
      }
    });
}
