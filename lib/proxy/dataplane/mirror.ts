/**
 * Request mirroring (shadowing): a copy of the request goes to another cluster with "-shadow" appended to
 * the authority, as Envoy does; its response is read and dropped and never affects the caller.
 */
import type { MutableHeaders } from "../http/headers";
import { startAttempt } from "../upstream/attempt";
import { FixedBody } from "../upstream/body-tee";
import type { UpstreamCluster } from "./context";

export interface MirrorRequest {
  readonly target: UpstreamCluster;
  readonly method: string;
  readonly path: string;
  readonly authority: string;
  readonly headers: MutableHeaders;
  readonly body: Buffer | undefined;
  readonly hash: number | undefined;
}

export function sendMirror(request: MirrorRequest): void {
  const { runtime, pool } = request.target;
  const host = runtime.pick(request.hash);
  if (!host) return;
  const admission = runtime.breaker.tryAcquire("requests");
  if (!admission.ok) return;
  runtime.counters.mirrored.value += 1;
  runtime.requestStarted(host.key);
  const done = () => {
    admission.release();
    runtime.requestEnded(host.key);
  };
  const body = request.body;
  const headers = body ? { ...request.headers, "content-length": String(body.length) } : request.headers;
  startAttempt(
    {
      protocol: "h1",
      address: host.endpoint.address,
      port: host.endpoint.port,
      method: request.method,
      path: request.path,
      authority: shadowAuthority(request.authority),
      scheme: "http",
      headers,
      body: body && new FixedBody(body),
      connectTimeoutMs: runtime.config.connectTimeoutMs,
    },
    pool,
    (result) => {
      if (result.kind !== "response") return done();
      result.body.on("close", done);
      result.body.resume();
    },
  );
}

/** "reviews:9080" → "reviews-shadow:9080". */
export function shadowAuthority(authority: string): string {
  const colon = authority.lastIndexOf(":");
  if (colon > 0 && !authority.endsWith("]") && /^\d+$/.test(authority.slice(colon + 1)))
    return `${authority.slice(0, colon)}-shadow${authority.slice(colon)}`;
  return `${authority}-shadow`;
}
