import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { appendAudit } from '../../platform/audit.js';
import { masterKeyFingerprint } from '../../platform/backup.js';
import { loadConfig } from '../../platform/config.js';
import { transact } from '../../platform/context.js';
import { type KeyRing, loadMasterKey, reencryptAll, writeMasterKeyFile } from '../../platform/crypto.js';
import { encryptedColumns } from '../../server.js';
import { existingMasterKey, fail, out, progressBar, withServices } from '../support.js';

/** `pulih keys …`: identity vault keys (fingerprint, rotation). */
export function addKeysCommands(program: Command): void {
  const keys = program.command('keys').description('identity vault keys');
  keys
    .command('fingerprint')
    .description('print the master key fingerprint (names the key on labels and in backups; reveals nothing)')
    .action(() => {
      out(masterKeyFingerprint(existingMasterKey(loadConfig())));
    });
  keys
    .command('rotate')
    .description(
      'add a new data key and re-encrypt every identity field (streaming); --master also replaces the master key file',
    )
    .option('--master', 'also generate a new master key, re-wrap the data keys and replace the key file')
    .action((opts: { master?: boolean }) =>
      withServices(async (s, ctx) => {
        const master = loadMasterKey(s.config);
        if (opts.master) {
          if (s.config.masterKey)
            fail(
              'the master key comes from PULIH_MASTER_KEY; use a key file (PULIH_MASTER_KEY_FILE) to rotate it here',
              2,
            );
          const next = randomBytes(32);
          await s.keyring.rewrap(s.database.db, master, next);
          writeMasterKeyFile(s.config.masterKeyFile, next);
          out(`Master key replaced; data keys re-wrapped (${s.config.masterKeyFile}).`);
        }
        const ring: KeyRing = s.keyring;
        const version = await ring.addFieldKey(
          s.database.db,
          opts.master ? loadMasterKey(s.config) : master,
          s.clock.now(),
        );
        const bar = progressBar('Re-encrypting');
        bar.start(1, 0);
        const changed = await reencryptAll(s.database.db, ring, encryptedColumns, (_table, done, total) => {
          bar.setTotal(Math.max(total, 1));
          bar.update(done);
        });
        bar.stop();
        await transact(ctx, (tx) =>
          appendAudit(tx, ctx, {
            action: 'keys.rotate',
            details: { keyVersion: version, rowsReencrypted: changed, master: opts.master === true },
          }),
        );
        out(`Data key v${version} is active; ${changed} rows re-encrypted.`);
      }),
    );
}
