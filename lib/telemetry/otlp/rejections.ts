/** Counts items (spans, data points) refused one by one, and keeps the first few reasons for the response. */
export class Rejections {
  count = 0;
  readonly errors: string[] = [];
  private readonly maxErrors: number;

  constructor(maxErrors: number) {
    this.maxErrors = maxErrors;
  }

  /** `where` is built lazily: most rejections past the first few never need their location as text. */
  reject(where: () => string, reason: string): void {
    this.count++;
    if (this.errors.length < this.maxErrors) this.errors.push(`${where()}: ${reason}`);
  }
}
