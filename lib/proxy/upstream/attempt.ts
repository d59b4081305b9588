/**
 * One upstream attempt over HTTP/1.1 or HTTP/2, reporting either the response head (with its body still
 * to read) or why there is none: connect failure, reset, or an invalid response. The caller owns timeouts
 * and calls `abort` for a per-try timeout, a downstream that went away or a retried response.
 */
import http from "node:http";
import http2 from "node:http2";
import { startFastH1 } from "../h1/client-attempt";
import type { AttemptBody } from "./body-tee";
import type { UpstreamPool } from "./pool";

export type UpstreamHeaders = Record<string, string | string[] | undefined>;

export interface AttemptSpec {
  readonly protocol: "h1" | "h2";
  readonly address: string;
  readonly port: number;
  readonly method: string;
  readonly path: string;
  readonly authority: string;
  readonly scheme: string;
  /** Outgoing headers without pseudo-headers and hop-by-hop fields. */
  readonly headers: UpstreamHeaders;
  readonly body: AttemptBody | undefined;
  readonly connectTimeoutMs: number;
}

export type AttemptFailure = "connect_failure" | "reset" | "protocol_error";

/** The stream events and controls a response body offers (a Readable has them; so does the fast path's). */
export interface UpstreamBody {
  on(event: "data", listener: (chunk: Buffer) => void): unknown;
  on(event: "end" | "close", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  pause(): unknown;
  resume(): unknown;
  destroy(): unknown;
}

export type AttemptResult =
  | {
      readonly kind: "response";
      readonly status: number;
      readonly headers: http.IncomingHttpHeaders;
      readonly body: UpstreamBody;
      /** True when the upstream ended the stream with the headers (gRPC trailers-only, 204…). */
      readonly endedWithHeaders: boolean;
      /** Trailers, once the body has ended. */
      trailers(): UpstreamHeaders | undefined;
    }
  | { readonly kind: AttemptFailure; readonly message: string };

export interface Attempt {
  /** Stops the attempt: it reports "reset" if it had not reported yet; a response body is destroyed. */
  abort(): void;
}

export type AttemptCallback = (result: AttemptResult) => void;

const CONNECT_ERRORS = new Set([
  "ECONNREFUSED",
  "ECONNECTTIMEOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "ENOTFOUND",
]);

/** RFC 9110 §9.2.2: methods a repeat cannot harm, the only ones retried on a stale connection. */
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);

const ABORTED: AttemptResult = { kind: "reset", message: "attempt aborted by the proxy" };

/** Starts the attempt; `done` is called exactly once, with the response head or the failure. */
export function startAttempt(spec: AttemptSpec, pool: UpstreamPool, done: AttemptCallback): Attempt {
  let settled = false;
  const settle = (result: AttemptResult) => {
    if (settled) return;
    settled = true;
    done(result);
  };
  if (spec.protocol === "h2") return startH2(spec, pool, settle);
  // The fast path (own connections and llhttp directly) unless this Node.js lacks the parser binding.
  return pool.fastH1 ? startFastH1(spec, pool.fastH1, settle, true) : startH1(spec, pool, settle, true);
}

function classify(error: NodeJS.ErrnoException, connected: boolean): AttemptResult {
  const code = error.code ?? "";
  if (!connected || CONNECT_ERRORS.has(code)) return { kind: "connect_failure", message: describe(error) };
  if (
    code.startsWith("HPE_") ||
    code === "ERR_HTTP2_PROTOCOL_ERROR" ||
    code === "ERR_HTTP2_INVALID_HEADER_VALUE"
  )
    return { kind: "protocol_error", message: describe(error) };
  return { kind: "reset", message: describe(error) };
}

function describe(error: NodeJS.ErrnoException): string {
  return error.code ? `${error.code}: ${error.message}` : error.message;
}

/** Headers as a flat [name, value, …] list: Node writes it as is, without re-validating each one. */
function headerList(spec: AttemptSpec): string[] {
  const list = ["host", spec.authority];
  const headers = spec.headers;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || name === "host") continue;
    if (typeof value === "string") list.push(name, value);
    else for (const v of value) list.push(name, v);
  }
  return list;
}

function startH1(
  spec: AttemptSpec,
  pool: UpstreamPool,
  settle: AttemptCallback,
  mayRetryStale: boolean,
): Attempt {
  let aborted = false;
  let inner: Attempt | undefined;
  let connected = false;
  let responded = false;
  const req = http.request({
    agent: pool.agent,
    host: spec.address,
    port: spec.port,
    method: spec.method,
    path: spec.path,
    headers: headerList(spec),
  });
  req.on("socket", (socket) => {
    if (!socket.connecting) {
      connected = true;
      return;
    }
    const timer = setTimeout(() => {
      req.destroy(Object.assign(new Error("connect timeout"), { code: "ECONNECTTIMEOUT" }));
    }, spec.connectTimeoutMs);
    socket.once("connect", () => {
      connected = true;
      clearTimeout(timer);
    });
    socket.once("close", () => clearTimeout(timer));
  });
  req.on("error", (error: NodeJS.ErrnoException) => {
    if (responded || aborted) return;
    // A pooled connection the upstream closed while idle: one more try on a fresh one, before any byte
    // of the response and only for idempotent methods (the request may have reached the app after all).
    if (
      mayRetryStale &&
      req.reusedSocket &&
      IDEMPOTENT.has(spec.method) &&
      (error.code === "ECONNRESET" || error.code === "EPIPE")
    ) {
      if (spec.body && !spec.body.attachable) return settle(classify(error, true));
      spec.body?.detach();
      inner = startH1(spec, pool, settle, false);
      return;
    }
    settle(classify(error, connected));
  });
  req.on("response", (res) => {
    responded = true;
    settle({
      kind: "response",
      status: res.statusCode ?? 502,
      headers: res.headers,
      body: res,
      endedWithHeaders: false,
      trailers: () => (res.rawTrailers.length > 0 ? res.trailers : undefined),
    });
  });
  if (spec.body) spec.body.attach(req);
  else req.end();
  return {
    abort: () => {
      aborted = true;
      settle(ABORTED);
      inner?.abort();
      req.destroy();
    },
  };
}

function startH2(spec: AttemptSpec, pool: UpstreamPool, settle: AttemptCallback): Attempt {
  let session: http2.ClientHttp2Session;
  try {
    session = pool.session(spec.address, spec.port, spec.connectTimeoutMs);
  } catch (error) {
    settle(classify(error as NodeJS.ErrnoException, false));
    return { abort: () => {} };
  }
  const connected = () => !session.connecting;
  const headers: http2.OutgoingHttpHeaders = {
    ...spec.headers,
    ":method": spec.method,
    ":path": spec.path,
    ":authority": spec.authority,
    ":scheme": spec.scheme,
  };
  let stream: http2.ClientHttp2Stream;
  try {
    stream = session.request(headers, { endStream: spec.body === undefined });
  } catch (error) {
    settle(classify(error as NodeJS.ErrnoException, connected()));
    return { abort: () => {} };
  }
  pool.streamOpened(session, stream);
  let trailers: UpstreamHeaders | undefined;
  stream.on("trailers", (t: http2.IncomingHttpHeaders) => {
    trailers = withoutPseudo(t);
  });
  stream.on("error", (error: NodeJS.ErrnoException) => settle(classify(error, connected())));
  stream.on("close", () =>
    settle({
      kind: connected() ? "reset" : "connect_failure",
      message: `stream closed (code ${stream.rstCode})`,
    }),
  );
  stream.on("response", (h: http2.IncomingHttpHeaders & http2.IncomingHttpStatusHeader, flags: number) => {
    settle({
      kind: "response",
      status: Number(h[":status"] ?? 502),
      headers: withoutPseudo(h) as http.IncomingHttpHeaders,
      body: stream,
      endedWithHeaders: (flags & http2.constants.NGHTTP2_FLAG_END_STREAM) !== 0,
      trailers: () => trailers,
    });
  });
  if (spec.body) spec.body.attach(stream);
  return {
    abort: () => {
      settle(ABORTED);
      if (!stream.destroyed) stream.close(http2.constants.NGHTTP2_CANCEL);
    },
  };
}

function withoutPseudo(headers: http2.IncomingHttpHeaders): UpstreamHeaders {
  const out: UpstreamHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (name[0] !== ":") out[name] = value;
  return out;
}
