/**
 * How far a refresh of the indicator facts is (migration 0143, docs/indicators.md "Refresh"): its phase, the
 * items of the phase done and a heartbeat, written to its `indicator_refreshes` row as it advances (at most
 * every HEARTBEAT_EVERY_MS of real time) and logged. Another process takes a running refresh for dead only when
 * its heartbeat is older than STALE_HEARTBEAT_MS: a refresh at national scale may run for longer than any fixed
 * limit, but never goes that long without a step.
 */
import type { Context } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { tables } from '../../platform/db/index.js';

/** A running refresh whose heartbeat is older than this is taken as dead (its process stopped) and replaced. */
export const STALE_HEARTBEAT_MS = 10 * 60_000;
/** Real time between two heartbeats (and progress log lines) of a running refresh. */
const HEARTBEAT_EVERY_MS = 15_000;

export type RefreshPhase = 'linkage' | 'facts' | 'rollup';

export interface RefreshProgressEvent {
  generation: number;
  phase: RefreshPhase;
  /** Items of the phase done: pairs scored and links applied (linkage), facts written, grouping sets built. */
  done: number;
  /** What the last step did, for the log ("cases", "grouping set sex"…). */
  step: string;
}

interface ProgressRow {
  generation: number;
  heartbeat_at: string | null;
  phase: string | null;
  progress: number;
}

const t = (db: Executor) => tables<{ indicator_refreshes: ProgressRow }>(db);

/** Whether a running refresh (started at, last heartbeat) is still alive at `now`. */
export function refreshAlive(row: { started_at: string; heartbeat_at?: string | null }, now: Date): boolean {
  const last = Date.parse(row.heartbeat_at ?? row.started_at);
  return now.getTime() - last < STALE_HEARTBEAT_MS;
}

export class RefreshProgress {
  private phase: RefreshPhase = 'linkage';
  private done = 0;
  private lastBeat = 0;
  constructor(
    private readonly ctx: Context,
    private readonly generation: number,
    private readonly listener?: (e: RefreshProgressEvent) => void,
    /** Real time between heartbeats (tests: 0, a heartbeat at every step). */
    private readonly everyMs = HEARTBEAT_EVERY_MS,
  ) {}

  /** Enters a phase (written at once). */
  async start(phase: RefreshPhase): Promise<void> {
    this.phase = phase;
    this.done = 0;
    await this.beat(phase);
  }

  /**
   * Counts `by` items done in the phase; writes the heartbeat when the last one is old enough — through `db`
   * when given (the connection a caller holds: on SQLite another query would wait for it to be released).
   */
  async advance(by: number, step: string, db?: Executor): Promise<void> {
    this.done += by;
    if (performance.now() - this.lastBeat >= this.everyMs) await this.beat(step, db);
  }

  private async beat(step: string, db: Executor = this.ctx.database.db): Promise<void> {
    this.lastBeat = performance.now();
    const event = { generation: this.generation, phase: this.phase, done: this.done, step };
    await t(db)
      .updateTable('indicator_refreshes')
      .set({ heartbeat_at: this.ctx.clock.now().toISOString(), phase: this.phase, progress: this.done })
      .where('generation', '=', this.generation)
      .execute();
    this.ctx.log.info({ component: 'indicators', ...event }, 'indicator refresh progress');
    this.listener?.(event);
  }
}
