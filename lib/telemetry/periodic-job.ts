// A background job of `weft server`: one pass at a time (callers during a pass share it), repeated every
// interval without holding the process open; a failed pass is logged and the next one tries again.

export class PeriodicJob<T> {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<T> | null = null;

  constructor(
    /** Names the job in the failure line. */
    private readonly what: string,
    private readonly pass: () => Promise<T>,
    private readonly log: (line: string) => void,
  ) {}

  /** One pass; concurrent callers share it. */
  run(): Promise<T> {
    if (this.running === null) {
      this.running = this.pass().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.run().catch((error: unknown) => this.log(`${this.what} failed: ${String(error)}`));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }
}
