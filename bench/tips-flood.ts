/*
 * The flooding client of bench/tips-bench.ts, in its own process (started at the lowest CPU priority: an attacker's
 * machine is not the server's). Sends FLOOD_COUNT tip submissions to FLOOD_URL over FLOOD_CONNECTIONS keep-alive
 * connections and prints {"statuses": {...}, "seconds": n} on stdout.
 */
const url = process.env.FLOOD_URL ?? '';
const count = Number(process.env.FLOOD_COUNT ?? 10_000);
const connections = Number(process.env.FLOOD_CONNECTIONS ?? 100);
const body = JSON.stringify({
  description: 'Banyak anak muda di desa kami dibawa calo ke luar negeri tanpa dokumen yang jelas.',
  regionCode: '53.04',
  involvesChild: true,
  heldNow: false,
  indicators: ['unregistered_recruiter'],
  pow: { challenge: `${Date.now()}.00.00`, nonce: '0' },
});
const statuses: Record<string, number> = {};
let sent = 0;
const t0 = performance.now();
async function worker() {
  while (sent < count) {
    sent++;
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    } catch {
      statuses.error = (statuses.error ?? 0) + 1;
    }
  }
}
await Promise.all(Array.from({ length: connections }, worker));
process.stdout.write(`${JSON.stringify({ statuses, seconds: (performance.now() - t0) / 1000 })}\n`);
