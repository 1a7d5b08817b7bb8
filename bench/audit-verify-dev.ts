import { sql } from 'kysely';
import { pino } from 'pino';
import { AuditKey } from '../src/platform/audit.js';
import { verifyAuditChain } from '../src/platform/audit-verify.js';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/index.js';
import { createServices } from '../src/server.js';
import { chain, loadPostgres, loadSqlite } from './audit-bench.js';
import { freshDatabase, pulihEnv } from './db.js';

/* Iterating on verify speed: node --import tsx bench/audit-verify-dev.ts sqlite|postgres [events] [batch…] */
const dialect = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const events = Number(process.argv[3] ?? 200_000);
const batches = process.argv.slice(4).map(Number);
const fresh = await freshDatabase(dialect, 'dev');
try {
  const config = loadConfig(pulihEnv(fresh, { PULIH_LOG_LEVEL: 'silent' }));
  const services = await createServices(config, { log: pino({ level: 'silent' }) });
  const head = (
    await sql<{ seq: number; hash: string }>`select seq, hash from audit_chain_head where id = 1`.execute(
      services.database.db,
    )
  ).rows[0]!;
  const auditKey = services.keyring.auditKey;
  await services.database.close();
  const rows = chain(events, Number(head.seq), head.hash, new AuditKey(auditKey));
  if (dialect === 'sqlite') loadSqlite(fresh.sqliteFile!, rows);
  else await loadPostgres(fresh.url, rows);
  const database = openDatabase(config.database);
  for (const batch of batches.length ? batches : [20_000]) {
    for (let i = 0; i < 2; i++) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const r = await verifyAuditChain(database.db, database.adapter, undefined, batch, auditKey);
      const s = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      process.stdout.write(
        `${dialect} batch ${batch}: ok ${r.ok} ${r.checked} in ${s.toFixed(2)} s, cpu ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s → 2M ${((s * 2_000_000) / r.checked).toFixed(1)} s\n`,
      );
    }
  }
  await database.close();
} finally {
  if (!process.env.KEEP) await fresh.drop();
  else process.stdout.write(`kept ${fresh.url}\n`);
}
