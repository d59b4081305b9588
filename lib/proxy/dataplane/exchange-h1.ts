/** Exchange over an HTTP/1.1 request and response from node:http (a class: one object per request). */
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import type { Exchange } from "./exchange";

export class H1Exchange implements Exchange {
  readonly protocol = "h1";
  readonly scheme = "http";
  readonly method: string;
  readonly target: string;
  readonly authority: string;
  readonly headers: IncomingHttpHeaders;
  readonly hasBody: boolean;
  private abortListener: (() => void) | undefined;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {
    const headers = req.headers;
    this.headers = headers;
    this.method = req.method ?? "GET";
    this.target = req.url ?? "/";
    this.authority = headers.host ?? "";
    const length = headers["content-length"];
    this.hasBody = headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
  }

  get rawHeaders(): readonly string[] {
    return this.req.rawHeaders;
  }

  get httpVersion(): string {
    return this.req.httpVersion;
  }

  get remoteAddress(): string {
    return this.req.socket.remoteAddress ?? "";
  }

  get body(): Readable {
    return this.req;
  }

  trailers(): IncomingHttpHeaders | undefined {
    return this.req.rawTrailers.length > 0 ? (this.req.trailers as IncomingHttpHeaders) : undefined;
  }

  get headersSent(): boolean {
    return this.res.headersSent;
  }

  get closed(): boolean {
    return this.res.writableEnded || this.res.destroyed;
  }

  respond(status: number, out: OutgoingHttpHeaders, options?: { endStream?: boolean }): void {
    this.res.writeHead(status, out);
    if (options?.endStream) this.res.end();
  }

  write(chunk: Buffer): boolean {
    return this.res.write(chunk);
  }

  end(trailers?: OutgoingHttpHeaders): void {
    if (trailers && Object.keys(trailers).length > 0)
      this.res.addTrailers(trailers as Record<string, string>);
    this.res.end();
  }

  onDrain(listener: () => void): void {
    this.res.once("drain", listener);
  }

  abort(): void {
    this.res.destroy();
  }

  onAbort(listener: () => void): void {
    if (!this.abortListener) {
      this.res.once("close", () => {
        if (!this.res.writableFinished) this.abortListener?.();
      });
    }
    this.abortListener = listener;
  }
}
