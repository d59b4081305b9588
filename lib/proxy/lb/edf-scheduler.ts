/**
 * Earliest-deadline-first scheduling, as Envoy's weighted round robin does it: an entry of weight w is
 * due every 1/w time units; each pick takes the earliest deadline (ties in insertion order), advances
 * time to it and reschedules the entry one period later. Over time every entry is picked in proportion
 * to its weight, interleaved smoothly rather than in bursts. A binary heap keeps picks O(log n).
 */
interface Slot<T> {
  deadline: number;
  order: number;
  readonly item: T;
  readonly period: number;
}

export class EdfScheduler<T> {
  private readonly heap: Slot<T>[] = [];
  private now = 0;
  private nextOrder = 0;

  add(item: T, weight: number): void {
    if (!(weight > 0)) throw new Error(`EDF weight must be positive, got ${weight}`);
    const period = 1 / weight;
    this.push({ deadline: this.now + period, order: this.nextOrder++, item, period });
  }

  get size(): number {
    return this.heap.length;
  }

  pick(): T | undefined {
    const top = this.heap[0];
    if (!top) return undefined;
    this.now = top.deadline;
    top.deadline += top.period;
    top.order = this.nextOrder++;
    this.siftDown(0);
    return top.item;
  }

  private push(slot: Slot<T>): void {
    this.heap.push(slot);
    let i = this.heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(start: number): void {
    let i = start;
    const n = this.heap.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && this.before(left, smallest)) smallest = left;
      if (right < n && this.before(right, smallest)) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a]!;
    const y = this.heap[b]!;
    return x.deadline < y.deadline || (x.deadline === y.deadline && x.order < y.order);
  }

  private swap(a: number, b: number): void {
    const t = this.heap[a]!;
    this.heap[a] = this.heap[b]!;
    this.heap[b] = t;
  }
}
