import type { Context } from '../../platform/context.js';
import type { TipUrgency, TResponseTargets } from './tips.schema.js';
import { selectTargets } from './tips.store.js';

/**
 * Regencies on a land border (Timor-Leste, Malaysia, Papua New Guinea) and the main sea exits migrant workers
 * are sent through (Batam, Karimun, Tanjung Pinang, Dumai, Nunukan, Tarakan): a tip there may be about someone
 * about to leave the country.
 */
export const borderRegencies: ReadonlySet<string> = new Set([
  '14.72', // Kota Dumai
  '21.02', // Kabupaten Karimun
  '21.71', // Kota Batam
  '21.72', // Kota Tanjung Pinang
  '53.01', // Kabupaten Kupang
  '53.03', // Kabupaten Timor Tengah Utara
  '53.04', // Kabupaten Belu
  '53.21', // Kabupaten Malaka
  '61.01', // Kabupaten Sambas
  '61.03', // Kabupaten Sanggau
  '61.05', // Kabupaten Sintang
  '61.06', // Kabupaten Kapuas Hulu
  '61.07', // Kabupaten Bengkayang
  '64.11', // Kabupaten Mahakam Ulu
  '65.02', // Kabupaten Malinau
  '65.03', // Kabupaten Nunukan
  '65.71', // Kota Tarakan
  '91.11', // Kabupaten Keerom
  '91.71', // Kota Jayapura
  '93.01', // Kabupaten Merauke
  '93.02', // Kabupaten Boven Digoel
  '95.02', // Kabupaten Pegunungan Bintang
]);

/** Near a border when the reporter says so or the place is a border regency or sea exit. */
export function isNearBorder(saidByReporter: boolean, regionCode: string): boolean {
  return saidByReporter || borderRegencies.has(regionCode);
}

/**
 * Urgency of a tip: someone held right now is urgent (police may need to act within the day, Law 21/2007
 * Art. 60–63 and the 1×24 h protection practice); a child at risk or a place at a border is high.
 */
export function urgencyOf(f: { child: boolean; heldNow: boolean; nearBorder: boolean }): TipUrgency {
  if (f.heldNow) return 'urgent';
  if (f.child && f.nearBorder) return 'urgent';
  if (f.child || f.nearBorder) return 'high';
  return 'normal';
}

/** Response-time targets (hours to a first response) unless an administrator changed them. */
export const defaultResponseTargets: TResponseTargets = { urgent: 4, high: 24, normal: 72 };

export async function responseTargets(ctx: Pick<Context, 'database'>): Promise<TResponseTargets> {
  const out = { ...defaultResponseTargets };
  for (const r of await selectTargets(ctx.database.db)) {
    if (r.urgency === 'urgent' || r.urgency === 'high' || r.urgency === 'normal') out[r.urgency] = r.hours;
  }
  return out;
}

/** When a first response is due: the target in force when the tip arrived (later changes do not move it). */
export async function dueAtFor(ctx: Pick<Context, 'database'>, urgency: TipUrgency, from: Date): Promise<string> {
  const targets = await responseTargets(ctx);
  return new Date(from.getTime() + targets[urgency] * 3_600_000).toISOString();
}
