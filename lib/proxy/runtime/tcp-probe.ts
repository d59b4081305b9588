/**
 * TCP health checks of one endpoint, as Envoy runs them. Connect-only (nothing to receive): a new
 * connection each check, which passes once it opens (after writing `send`, if given). With blocks to
 * receive: write `send` and pass once the reply holds every block in order; that connection is kept for
 * the next check (reuse_connection) unless the check failed or reuse is off.
 */
import net from "node:net";
import { containsInOrder } from "../resilience/tcp-payload";

export interface TcpCheck {
  readonly send?: Uint8Array;
  readonly receive: readonly Uint8Array[];
}

/** Replies larger than this without a match fail the check instead of being buffered further. */
const MAX_REPLY_BYTES = 64 * 1024;

interface PendingCheck {
  readonly check: TcpCheck;
  received: Buffer;
  readonly finish: (passed: boolean) => void;
}

export class TcpProbeChannel {
  private socket: net.Socket | undefined;
  private pending: PendingCheck | undefined;

  constructor(
    readonly address: string,
    readonly port: number,
  ) {}

  /** Whether the check passed within `timeoutMs`. Never rejects. */
  probe(check: TcpCheck, timeoutMs: number, reuse: boolean): Promise<boolean> {
    // One check at a time per endpoint; a check still running here has lost its reason to.
    this.pending?.finish(false);
    return new Promise((resolve) => {
      const connectOnly = check.receive.length === 0;
      const kept = this.socket;
      // A kept connection the peer has begun to close would only fail the check.
      const usable = kept && !kept.destroyed && kept.writable && !kept.readableEnded;
      const socket = !connectOnly && usable ? kept : this.connect();
      const timer = setTimeout(() => finish(false), timeoutMs);
      timer.unref();
      const finish = (passed: boolean) => {
        if (this.pending !== pending) return;
        this.pending = undefined;
        clearTimeout(timer);
        socket.off("connect", onConnect);
        if (!passed || !reuse || connectOnly) this.drop(socket);
        resolve(passed);
      };
      const pending: PendingCheck = { check, received: Buffer.alloc(0), finish };
      this.pending = pending;
      const onConnect = () => {
        if (check.send) socket.write(check.send);
        if (connectOnly) finish(true);
      };
      if (socket.connecting) socket.once("connect", onConnect);
      else onConnect();
    });
  }

  close(): void {
    this.pending?.finish(false);
    if (this.socket) this.drop(this.socket);
  }

  private connect(): net.Socket {
    if (this.socket) this.drop(this.socket);
    const socket = net.connect({ host: this.address, port: this.port });
    socket.setNoDelay(true);
    // Health checking alone never keeps the process running.
    socket.unref();
    socket.on("data", (chunk: Buffer) => this.received(socket, chunk));
    // Whatever ends the connection fails the check in progress.
    socket.on("error", () => this.ended(socket));
    socket.on("close", () => this.ended(socket));
    this.socket = socket;
    return socket;
  }

  /** Bytes that arrive between checks are dropped: each check judges its own reply. */
  private received(socket: net.Socket, chunk: Buffer): void {
    const pending = this.pending;
    if (pending === undefined || this.socket !== socket) return;
    pending.received = Buffer.concat([pending.received, chunk]);
    if (containsInOrder(pending.received, pending.check.receive)) pending.finish(true);
    else if (pending.received.length > MAX_REPLY_BYTES) pending.finish(false);
  }

  private ended(socket: net.Socket): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    this.pending?.finish(false);
  }

  private drop(socket: net.Socket): void {
    if (this.socket === socket) this.socket = undefined;
    socket.destroy();
  }
}
