// Latency histograms to and from their PostgreSQL form. A rollup row stores only the occupied range of
// slots, as an int8[] whose subscripts are the slot numbers ('[40:43]={1,0,5,2}'); queries return summed
// histograms as parallel arrays of slot numbers and counts.

import { emptyHistogram, HISTOGRAM_SLOTS, type LatencyHistogram } from "./latency-histogram";

/** The array literal of a histogram's non-zero slots, e.g. "[40:43]={1,0,5,2}"; "{}" when all are zero. */
export function countsLiteral(counts: readonly number[]): string {
  let first = -1;
  let last = -1;
  for (let slot = 0; slot < counts.length; slot++) {
    if (counts[slot] === 0 || counts[slot] === undefined) continue;
    if (first === -1) first = slot;
    last = slot;
  }
  if (first === -1) return "{}";
  return `[${first}:${last}]={${counts.slice(first, last + 1).join(",")}}`;
}

/** A histogram from summed slots (as a query returns them); slots outside the scheme are ignored. */
export function histogramFromSlots(
  slots: readonly number[],
  counts: readonly number[],
  sumSeconds: number,
): LatencyHistogram {
  const histogram = emptyHistogram();
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    const count = counts[i] ?? 0;
    if (!Number.isInteger(slot) || slot < 0 || slot >= HISTOGRAM_SLOTS || count <= 0) continue;
    histogram.counts[slot] = histogram.counts[slot]! + count;
    histogram.count += count;
  }
  histogram.sumSeconds = sumSeconds;
  return histogram;
}
