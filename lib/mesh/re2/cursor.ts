/** A position in a pattern plus the first error found; shared by the RE2 checker's parts. */
export class Re2SyntaxError extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message);
  }
}

export class Cursor {
  index = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.index >= this.text.length;
  }

  /** The code point at the cursor (or an offset), as a string; "" at the end. */
  peek(offset = 0): string {
    const code = this.text.codePointAt(this.index + offset);
    return code === undefined ? "" : String.fromCodePoint(code);
  }

  startsWith(prefix: string): boolean {
    return this.text.startsWith(prefix, this.index);
  }

  /** Consumes and returns one code point. */
  next(): string {
    const char = this.peek();
    this.index += char.length;
    return char;
  }

  fail(message: string, at: number = this.index): never {
    throw new Re2SyntaxError(at, message);
  }
}
