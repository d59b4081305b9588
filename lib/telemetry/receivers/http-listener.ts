// The OTLP/HTTP listener (WEFT_OTLP_HTTP_PORT, default 4318): POST /v1/traces and POST /v1/metrics.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { closeHttpServer, type Listener, listenOn } from "@/lib/server/listener";
import type { OtlpSignal } from "../otlp";
import type { OtlpHttpEndpoint } from "./http-endpoint";

const PATHS: Readonly<Record<string, OtlpSignal>> = { "/v1/traces": "traces", "/v1/metrics": "metrics" };
/** A body this many times over the limit is not even read to its end: the connection is closed. */
const DISCARD_FACTOR = 4;

export async function startOtlpHttpListener(
  endpoint: OtlpHttpEndpoint,
  host: string,
  port: number,
  log: (line: string) => void,
): Promise<Listener> {
  const server = createServer((req, res) => {
    serve(endpoint, req, res).catch((error: unknown) => {
      log(`otlp-http: request failed: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end("internal error");
      else res.destroy();
    });
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  const actualPort = await listenOn(server, port, host, "WEFT_OTLP_HTTP_PORT");
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    name: "otlp-http",
    address: `http://${shownHost}:${actualPort}`,
    close: () => closeHttpServer(server),
  };
}

async function serve(endpoint: OtlpHttpEndpoint, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? "/").split("?", 1)[0]!;
  const signal = PATHS[path];
  if (signal === undefined) {
    req.resume();
    res
      .writeHead(404, { "content-type": "text/plain" })
      .end("not found: OTLP/HTTP serves POST /v1/traces and /v1/metrics\n");
    return;
  }
  if (req.method !== "POST") {
    req.resume();
    res.writeHead(405, { allow: "POST", "content-type": "text/plain" }).end("use POST\n");
    return;
  }
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
  };
  const response = await endpoint.handle({
    signal,
    contentType: header("content-type"),
    contentEncoding: header("content-encoding"),
    authorization: header("authorization"),
    readBody: (maxBytes) => readNodeBody(req, maxBytes),
  });
  const tooLarge = response.status === 413 && !req.complete;
  res.writeHead(response.status, { ...response.headers, ...(tooLarge ? { connection: "close" } : {}) });
  res.end(response.body);
}

/** Reads up to maxBytes; past that, discards the rest (closing the connection when it is far too large). */
function readNodeBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array | "too_large"> {
  return new Promise((resolve) => {
    const declared = Number(req.headers["content-length"] ?? "NaN");
    const chunks: Buffer[] = [];
    let total = 0;
    let over = Number.isFinite(declared) && declared > maxBytes;
    if (over && declared > maxBytes * DISCARD_FACTOR) {
      resolve("too_large");
      return;
    }
    req.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (over) {
        if (total > maxBytes * DISCARD_FACTOR) req.destroy();
        return;
      }
      if (total > maxBytes) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(over ? "too_large" : Buffer.concat(chunks, total)));
    req.on("error", () => resolve("too_large"));
    req.on("close", () => {
      if (!req.complete) resolve("too_large");
    });
  });
}
