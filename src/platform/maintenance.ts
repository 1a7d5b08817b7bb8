import { type Executor, tables } from './db/index.js';

/**
 * Start-up maintenance that remembers it is done (migration 0115). Each step (re-encrypting legacy free text,
 * moving identities under their own keys, re-indexing name keys) is idempotent and ends when a scan finds
 * nothing left; that final scan reads a whole table, which at 1,000,000 cases held every start for minutes.
 * A step that ran to its end is recorded, and later starts skip it. Nothing written since the step's migration
 * produces rows it would have to handle (new rows are written in the new form), so "done" stays true; a step
 * whose form changes gets a new name (the name keys carry their version).
 */

interface StepRow {
  step: string;
  done_at: string;
}
const t = (db: Executor) => tables<{ maintenance_steps: StepRow }>(db);

/** Whether this step has run to its end on this database. */
export async function stepDone(db: Executor, step: string): Promise<boolean> {
  const row = await t(db).selectFrom('maintenance_steps').select('step').where('step', '=', step).executeTakeFirst();
  return row !== undefined;
}

/**
 * Runs `run` (which works until nothing is left and says how many rows it handled) unless the step is recorded
 * as done, then records it. Returns the rows handled, or null when the step was skipped.
 */
export async function runStepOnce(
  db: Executor,
  step: string,
  now: () => Date,
  run: () => Promise<number>,
): Promise<number | null> {
  if (await stepDone(db, step)) return null;
  const handled = await run();
  await t(db)
    .insertInto('maintenance_steps')
    .values({ step, done_at: now().toISOString() })
    .onConflict((oc) => oc.column('step').doNothing())
    .execute();
  return handled;
}
