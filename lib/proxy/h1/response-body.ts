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
  private onData: DataListener[] = [];
  private onEnd: Listener[] = [];
  private onClose: Listener[] = [];
  private ended = false;
  private closed = false;

  constructor(private readonly control: BodyControl) {}

  on(event: "data", listener: DataListener): this;
  on(event: "end" | "close", listener: Listener): this;
  on(event: "error", listener: (error: Error) => void): this;
  on(event: string, listener: DataListener | Listener | ((error: Error) => void)): this {
    if (event === "data") this.onData.push(listener as DataListener);
    else if (event === "end") this.onEnd.push(listener as Listener);
    else if (event === "close") this.onClose.push(listener as Listener);
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
    for (let i = 0; i < listeners.length; i++) listeners[i]!(chunk);
  }

  /** From the connection: the body is complete. */
  finish(): void {
    if (this.closed) return;
    this.ended = true;
    for (const listener of this.onEnd) listener();
    this.close();
  }

  /** From the connection: the body was cut short. */
  reset(): void {
    this.close();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.onClose) listener();
  }
}
