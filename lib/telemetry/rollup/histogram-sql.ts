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

/**
 * The sum of histograms in their PostgreSQL text form, joined by ';' (what `string_agg(latency::text, ';')`
 * returns): occupied slots ascending and their summed counts. Summing here is cheaper than in SQL, where
 * every slot of every row becomes a tuple to group (docs/telemetry.md, "Query performance"). Slots outside
 * the scheme are ignored, as in histogramFromSlots; text that is not such arrays throws.
 */
export function sumCountsLiterals(text: string): { slots: number[]; counts: number[] } {
  const sums = new Float64Array(HISTOGRAM_SLOTS);
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`latency histogram text: ${what} at offset ${i} of '${text.slice(0, 80)}'`);
  };
  /** An integer at `i` (optionally negative); `i` ends on the character after it. */
  const integer = (): number => {
    const negative = text.charCodeAt(i) === 45;
    if (negative) i++;
    const start = i;
    let value = 0;
    for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i))
      value = value * 10 + c - 48;
    if (i === start) fail("a number expected");
    return negative ? -value : value;
  };
  while (i < text.length) {
    let slot = 1;
    if (text.charCodeAt(i) === 91) {
      i++;
      slot = integer();
      if (text.charCodeAt(i++) !== 58) fail("':' expected");
      integer();
      if (text.charCodeAt(i++) !== 93 || text.charCodeAt(i++) !== 61) fail("']=' expected");
    }
    if (text.charCodeAt(i++) !== 123) fail("'{' expected");
    if (text.charCodeAt(i) === 125) i++;
    else
      for (;;) {
        const count = integer();
        if (slot >= 0 && slot < HISTOGRAM_SLOTS) sums[slot]! += count;
        slot++;
        const c = text.charCodeAt(i++);
        if (c === 125) break;
        if (c !== 44) fail("',' or '}' expected");
      }
    if (i < text.length && text.charCodeAt(i++) !== 59) fail("';' expected");
  }
  const slots: number[] = [];
  const counts: number[] = [];
  for (let slot = 0; slot < HISTOGRAM_SLOTS; slot++) {
    if (sums[slot]! > 0) {
      slots.push(slot);
      counts.push(sums[slot]!);
    }
  }
  return { slots, counts };
}
