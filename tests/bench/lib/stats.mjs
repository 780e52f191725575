// Percentiles and small table helpers for the bench report.

/**
 * Nearest-rank percentiles of a sample of latencies (ms).
 * @param {Float64Array} latencies sorted ascending
 */
export function summarize(latencies) {
  const n = latencies.length;
  const at = (p) => (n === 0 ? NaN : /** @type {number} */ (latencies[Math.min(n - 1, Math.ceil((p / 100) * n) - 1)]));
  let sum = 0;
  for (let i = 0; i < n; i++) sum += /** @type {number} */ (latencies[i]);
  return {
    count: n,
    mean: n === 0 ? NaN : sum / n,
    p50: at(50),
    p90: at(90),
    p99: at(99),
    p999: at(99.9),
    max: n === 0 ? NaN : /** @type {number} */ (latencies[n - 1]),
  };
}

/** Latencies of (sentAt, latency) pairs, sorted. */
export function sortedLatencies(pairs) {
  const out = new Float64Array(pairs.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = /** @type {number} */ (pairs[i * 2 + 1]);
  return out.sort();
}

/**
 * Per-second view of the measured window: for each second (by send time), the deliveries,
 * their p99 and max. Shows whether the tail is spread out or comes from a few stalls.
 * @param {Float64Array} pairs (sentAt, latency)
 * @param {number} from start of the window (ms, same clock as sentAt)
 */
export function timeline(pairs, from) {
  /** @type {number[][]} */
  const buckets = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const second = Math.floor(/** @type {number} */ (pairs[i] - from) / 1000);
    (buckets[second] ??= []).push(/** @type {number} */ (pairs[i + 1]));
  }
  return [...buckets].map((values = [], second) => {
    const sorted = Float64Array.from(values).sort();
    const s = summarize(sorted);
    return { second, count: s.count, p50: round(s.p50), p99: round(s.p99), max: round(s.max) };
  });
}

export const round = (x, digits = 2) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);

/** Formats rows (arrays of cells) as an aligned text table; the first row is the header. */
export function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => String(row[c]).length)));
  return rows
    .map((row) =>
      row
        .map((cell, c) =>
          typeof cell === 'number' ? String(cell).padStart(widths[c]) : String(cell).padEnd(widths[c]),
        )
        .join('  '),
    )
    .join('\n');
}
