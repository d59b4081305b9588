/**
 * Where llhttp parsers come from and go back to. The binding keeps every parser alive until it is closed
 * (a native object with a strong handle), and with it whatever its callbacks reach: a connection, its
 * socket and its exchanges. So a finished parser loses its callbacks and is either kept for the next
 * connection (node:http pools them the same way) or closed, after the current call stack has unwound.
 */
import type { NativeParser, ParserClass } from "./llhttp";

const KEEP_AT_MOST = 128;

export class ParserPool {
  private readonly idle: NativeParser[] = [];
  private taken = 0;
  private readonly callbackSlots: readonly number[];

  constructor(private readonly Parser: ParserClass) {
    const P = Parser;
    this.callbackSlots = [
      P.kOnMessageBegin,
      P.kOnHeaders,
      P.kOnHeadersComplete,
      P.kOnBody,
      P.kOnMessageComplete,
      P.kOnExecute,
    ];
  }

  /** A parser ready for a new message stream of `kind` (Parser.REQUEST or Parser.RESPONSE). */
  take(kind: number, maxHeaderSize: number): NativeParser {
    this.taken += 1;
    const parser = this.idle.pop() ?? new this.Parser();
    parser.initialize(kind, {}, maxHeaderSize, 0);
    return parser;
  }

  /** Takes back a parser nobody uses any more (it must no longer consume a socket). */
  give(parser: NativeParser): void {
    this.taken -= 1;
    for (const slot of this.callbackSlots) parser[slot] = null;
    // Not now: the parser may be the one whose callback is running.
    setImmediate(() => {
      if (this.idle.length < KEEP_AT_MOST) {
        parser.free();
        this.idle.push(parser);
      } else parser.close();
    });
  }

  /** Parsers taken and not given back yet. */
  get inUse(): number {
    return this.taken;
  }

  /** Idle parsers kept for reuse. */
  get size(): number {
    return this.idle.length;
  }
}
