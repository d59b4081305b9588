/**
 * Streams the downstream request body to the current upstream attempt while keeping a copy of it, up to a
 * limit, so that a retry or a mirror can replay it. A body larger than the limit streams as usual and just
 * cannot be replayed (Envoy's per-request buffer limit works the same way). Backpressure from the current
 * sink pauses the source.
 */
import type { Readable } from "node:stream";

export interface BodySink {
  write(chunk: Buffer): boolean;
  end(): void;
  once(event: "drain", listener: () => void): unknown;
}

/** A request body an attempt can send: the live tee, or a finished buffer (mirrors). */
export interface AttemptBody {
  readonly attachable: boolean;
  attach(sink: BodySink): void;
  detach(): void;
}

/** A body already complete in memory. */
export class FixedBody implements AttemptBody {
  readonly attachable = true;

  constructor(private readonly body: Buffer) {}

  attach(sink: BodySink): void {
    sink.write(this.body);
    sink.end();
  }

  detach(): void {}
}

export class BodyTee implements AttemptBody {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private overflowed = false;
  private ended = false;
  private failed = false;
  private sink: BodySink | undefined;
  /** Told of each chunk as it arrives (the router's stream idle timer). */
  onChunk: (() => void) | undefined;
  /** Told once the whole body has arrived (the router's request timeout). */
  onEnd: (() => void) | undefined;

  constructor(
    private readonly source: Readable,
    private readonly limitBytes: number,
  ) {
    source.on("data", (chunk: Buffer) => this.onData(chunk));
    source.on("end", () => {
      this.ended = true;
      this.sink?.end();
      this.onEnd?.();
    });
    source.on("error", () => {
      this.failed = true;
    });
  }

  /** The whole body has arrived. */
  get complete(): boolean {
    return this.ended;
  }

  /** Whole body received and kept: a new attempt can get all of it. */
  get replayable(): boolean {
    return this.ended && !this.overflowed && !this.failed;
  }

  /** Nothing sent yet, or everything sent is still kept. */
  get attachable(): boolean {
    return !this.overflowed && !this.failed;
  }

  get bytes(): number {
    return this.size;
  }

  /** Sends what was kept so far to `sink`, then the rest as it arrives. */
  attach(sink: BodySink): void {
    this.sink = sink;
    for (const chunk of this.chunks) sink.write(chunk);
    if (this.ended) sink.end();
    else this.source.resume();
  }

  detach(): void {
    this.sink = undefined;
  }

  /** No attempt will take the rest of the body: read and drop it, so the connection can carry on. */
  discard(): void {
    this.sink = { write: () => true, end: () => {}, once: () => undefined };
    this.source.resume();
  }

  /** Calls back with the whole body once it has arrived, if it was small enough to keep (mirrors). */
  whenComplete(callback: (body: Buffer) => void): void {
    const deliver = () => {
      if (this.replayable) callback(Buffer.concat(this.chunks));
    };
    if (this.ended) deliver();
    else this.source.once("end", deliver);
  }

  private onData(chunk: Buffer): void {
    this.onChunk?.();
    this.size += chunk.length;
    if (!this.overflowed) {
      if (this.size > this.limitBytes) {
        this.overflowed = true;
        this.chunks.length = 0;
      } else this.chunks.push(chunk);
    }
    const sink = this.sink;
    if (!sink) {
      // Between attempts: the kept copy is what the next attempt gets.
      this.source.pause();
      return;
    }
    if (!sink.write(chunk)) {
      this.source.pause();
      sink.once("drain", () => {
        if (this.sink === sink) this.source.resume();
      });
    }
  }
}
