/**
 * In-process rate limits (the public portal and survey links): per address and overall, in fixed windows. No third party and
 * no storage: the counters live as long as the window. The map of addresses is bounded (oldest windows are
 * dropped first), so a flood of spoofed addresses cannot grow memory without limit; the overall limit still
 * holds then.
 */
export interface WindowLimit {
  /** Requests allowed per window. */
  max: number;
  windowMs: number;
}

export class PortalLimiter {
  readonly #perAddress = new Map<string, { start: number; count: number }>();
  #overall = { start: 0, count: 0 };
  constructor(
    readonly perAddress: WindowLimit,
    readonly overall: WindowLimit,
    readonly maxAddresses = 50_000,
  ) {}

  /** Counts one request; returns the seconds to wait when a limit is reached (the request is refused). */
  take(address: string, nowMs: number): number | null {
    if (nowMs - this.#overall.start >= this.overall.windowMs) this.#overall = { start: nowMs, count: 0 };
    let entry = this.#perAddress.get(address);
    if (!entry || nowMs - entry.start >= this.perAddress.windowMs) {
      if (entry) this.#perAddress.delete(address);
      entry = { start: nowMs, count: 0 };
      this.#perAddress.set(address, entry);
      if (this.#perAddress.size > this.maxAddresses) {
        const oldest = this.#perAddress.keys().next().value;
        if (oldest !== undefined) this.#perAddress.delete(oldest);
      }
    }
    if (entry.count >= this.perAddress.max) return Math.ceil((entry.start + this.perAddress.windowMs - nowMs) / 1000);
    if (this.#overall.count >= this.overall.max)
      return Math.ceil((this.#overall.start + this.overall.windowMs - nowMs) / 1000);
    entry.count += 1;
    this.#overall.count += 1;
    return null;
  }
}
