import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { verifyCheckpoints } from '../../modules/audit/index.js';
import { fail, linesOf, out, verifyChainOrExit, withServices } from '../support.js';

/** `pulih audit verify`: the audit chain and its checkpoints. */
export function addAuditCommands(program: Command): void {
  program
    .command('audit')
    .description('audit trail tools')
    .command('verify')
    .description('walk the hash chain; exit 0 when whole, 3 naming the first broken event')
    .option(
      '--checkpoints <file>',
      'also compare the chain with signed checkpoints (the JSON-lines file PULIH_AUDIT_CHECKPOINT_FILE names): catches removed newest events and a recomputed chain',
    )
    .action((opts: { checkpoints?: string }) =>
      withServices(async (s) => {
        if (opts.checkpoints && !existsSync(opts.checkpoints)) fail(`no checkpoint file ${opts.checkpoints}`, 2);
        const checked = await verifyChainOrExit(s.database, s.keyring.auditKey);
        if (opts.checkpoints) {
          const cp = await verifyCheckpoints(s.database.db, linesOf(opts.checkpoints));
          if (!cp.ok) {
            const p = cp.problem!;
            const why = {
              malformed: 'is not a checkpoint line',
              bad_signature: "does not carry this instance's signature",
              truncated: 'names an event the chain no longer has (events removed from the end)',
              rewritten: 'names an event whose hash differs (the chain was rewritten)',
              boundary_moved: 'names a different keyed boundary (the boundary was moved)',
            }[p.reason];
            fail(
              `audit chain does NOT match its checkpoints: line ${p.line}${p.seq !== null ? ` (seq ${p.seq})` : ''} ${why}; ${cp.agreed} checkpoints before it agree`,
              3,
            );
          }
          out(`Audit chain is whole: ${checked} events verified; ${cp.agreed} signed checkpoints agree.`);
          return;
        }
        out(`Audit chain is whole: ${checked} events verified.`);
      }),
    );
}
