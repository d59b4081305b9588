/**
 * A base-2 exponential histogram of durations in seconds at a fixed scale (OTLP ExponentialHistogram).
 * At scale 3 bucket i holds (2^(i/8), 2^((i+1)/8)] s, exactly Weft's rollup buckets, so ingest folds the
 * points in without loss. Counts live in a dense array grown around the indices seen.
 */
export const HISTOGRAM_SCALE = 3;
const PER_OCTAVE = 2 ** HISTOGRAM_SCALE;
/** Durations at or below this (1 ns) count as zero. */
const ZERO_THRESHOLD = 1e-9;
/** At most this many buckets per point (OTLP receivers commonly cap at 160 or more; 2^-14 s … 256 s is 176). */
const MAX_BUCKETS = 256;

export class ExponentialHistogram {
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  zeroCount = 0;
  private offset = 0;
  private counts: number[] = [];

  record(seconds: number): void {
    this.count += 1;
    this.sum += seconds;
    if (seconds < this.min) this.min = seconds;
    if (seconds > this.max) this.max = seconds;
    if (!(seconds > ZERO_THRESHOLD)) {
      this.zeroCount += 1;
      return;
    }
    const index = bucketIndex(seconds);
    if (this.counts.length === 0) {
      this.offset = index;
      this.counts.push(1);
      return;
    }
    if (index < this.offset) {
      const grow = this.offset - index;
      if (this.counts.length + grow > MAX_BUCKETS) {
        this.counts[0]! += 1;
        return;
      }
      this.counts = [...new Array<number>(grow).fill(0), ...this.counts];
      this.offset = index;
    } else if (index >= this.offset + this.counts.length) {
      const grow = index - this.offset - this.counts.length + 1;
      if (this.counts.length + grow > MAX_BUCKETS) {
        this.counts[this.counts.length - 1]! += 1;
        return;
      }
      for (let i = 0; i < grow; i++) this.counts.push(0);
    }
    this.counts[index - this.offset]! += 1;
  }

  buckets(): { offset: number; counts: number[] } {
    return { offset: this.offset, counts: [...this.counts] };
  }
}
/** Upper-inclusive buckets: (base^i, base^(i+1)] holds v when i = ceil(log_base v) - 1. */
export function bucketIndex(seconds: number): number {
  return Math.ceil(Math.log2(seconds) * PER_OCTAVE) - 1;
}
