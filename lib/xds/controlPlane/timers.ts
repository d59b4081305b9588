/**
 * Named one-shot timers (re-arming one replaces it) and repeating ones, all cleared together. Timers are
 * unref'd: they never keep a process alive on their own.
 */
export class Timers {
  private readonly named = new Map<string, NodeJS.Timeout>();
  private readonly repeating = new Set<NodeJS.Timeout>();

  /** Runs `run` after `ms`, unless a timer of this name is already armed (the earlier one stands). */
  debounce(name: string, ms: number, run: () => void): void {
    if (!this.named.has(name)) this.once(name, ms, run);
  }

  /** Runs `run` after `ms`, replacing any timer of this name. */
  once(name: string, ms: number, run: () => void): void {
    this.cancel(name);
    const timer = setTimeout(
      () => {
        this.named.delete(name);
        run();
      },
      Math.min(Math.max(0, ms), 2_147_483_647),
    );
    timer.unref();
    this.named.set(name, timer);
  }

  cancel(name: string): void {
    const timer = this.named.get(name);
    if (timer) clearTimeout(timer);
    this.named.delete(name);
  }

  every(ms: number, run: () => Promise<void> | void): void {
    const timer = setInterval(() => void run(), ms);
    timer.unref();
    this.repeating.add(timer);
  }

  clear(): void {
    for (const timer of this.named.values()) clearTimeout(timer);
    for (const timer of this.repeating) clearInterval(timer);
    this.named.clear();
    this.repeating.clear();
  }
}
