/**
 * An upstream response body on the fast path: the few stream events the relay and mirrors listen to
 * (data, end, close, error) and pause/resume/destroy, without a Readable per response. Chunks go straight
 * to the listeners; pausing stops reading from the socket.
 */
type DataListener = (chunk: Buffer) => void;
type Listener = () => void;

export interface BodyControl {
  pause(): void;
  resume(): void;
  /** The body is not wanted any more: the connection cannot be reused. */
  cancel(): void;
}

export class H1ResponseBody {
  // One listener per event is the rule (the relay); more (a mirror's) go to the arrays. Fields, not arrays
  // from the start: an array grown by push gets room for 17 entries, three of them per response.
  private onData: DataListener | DataListener[] | undefined;
  private onEnd: Listener | Listener[] | undefined;
  private onClose: Listener | Listener[] | undefined;
  private ended = false;
  private closed = false;

  constructor(private readonly control: BodyControl) {}

  on(event: "data", listener: DataListener): this;
  on(event: "end" | "close", listener: Listener): this;
  on(event: "error", listener: (error: Error) => void): this;
  on(event: string, listener: DataListener | Listener | ((error: Error) => void)): this {
    if (event === "data") this.onData = added(this.onData, listener as DataListener);
    else if (event === "end") this.onEnd = added(this.onEnd, listener as Listener);
    else if (event === "close") this.onClose = added(this.onClose, listener as Listener);
    // "error": a failed body is reported as "close" without "end", as the relay expects.
    return this;
  }

  pause(): this {
    if (!this.closed) this.control.pause();
    return this;
  }

  resume(): this {
    if (!this.closed) this.control.resume();
    return this;
  }

  destroy(): this {
    if (this.closed) return this;
    if (!this.ended) this.control.cancel();
    this.close();
    return this;
  }

  /** From the connection: a chunk of the body. */
  push(chunk: Buffer): void {
    if (this.closed) return;
    const listeners = this.onData;
    if (typeof listeners === "function") listeners(chunk);
    else if (listeners) for (const listener of listeners) listener(chunk);
  }

  /** From the connection: the body is complete. */
  finish(): void {
    if (this.closed) return;
    this.ended = true;
    notify(this.onEnd);
    this.close();
  }

  /** From the connection: the body was cut short. */
  reset(): void {
    this.close();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    notify(this.onClose);
  }
}

function added<T extends (...args: never[]) => void>(current: T | T[] | undefined, listener: T): T | T[] {
  if (current === undefined) return listener;
  return typeof current === "function" ? [current, listener] : [...current, listener];
}

function notify(listeners: Listener | Listener[] | undefined): void {
  if (typeof listeners === "function") listeners();
  else if (listeners) for (const listener of listeners) listener();
}
