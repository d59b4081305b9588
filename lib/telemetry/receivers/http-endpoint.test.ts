import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { IngestPipeline } from "../ingest/pipeline";
import { encodeMessage } from "../otlp/testing/proto-builder";
import { jsonSpan, NOW_MS, traceRequest } from "../otlp/testing/trace-payloads";
import type { SpanRow } from "../rows";
import { OtlpHttpEndpoint, type OtlpHttpRequest } from "./http-endpoint";
import { IngestAuth } from "./ingest-auth";
import { OtlpIngest } from "./otlp-ingest";

const RETENTION = { spans: 7, metrics: 7, rollups: 30 };

function setup(options: { failWrite?: Error } = {}) {
  const stored: SpanRow[] = [];
  const pipeline = new IngestPipeline(
    async (exports) => {
      if (options.failWrite) throw options.failWrite;
      for (const data of exports) stored.push(...data.spans);
    },
    { flushDelayMs: 0 },
  );
  const ingest = new OtlpIngest(pipeline, { retention: RETENTION, now: () => NOW_MS });
  const auth = new IngestAuth("none", async () => null);
  const endpoint = new OtlpHttpEndpoint(ingest, auth, { maxBodyBytes: 10_000, maxInflatedBytes: 40_000 });
  return { endpoint, stored };
}

function request(body: Uint8Array | string, headers: Partial<OtlpHttpRequest> = {}): OtlpHttpRequest {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  return {
    signal: "traces",
    contentType: "application/json",
    contentEncoding: null,
    authorization: null,
    readBody: async (max) => (bytes.length > max ? "too_large" : bytes),
    ...headers,
  };
}

const json = (value: unknown) => JSON.stringify(value);
const text = (body: Uint8Array) => Buffer.from(body).toString();

describe("OtlpHttpEndpoint", () => {
  it("stores a JSON export and answers {} in JSON", async () => {
    const { endpoint, stored } = setup();
    const response = await endpoint.handle(request(json(traceRequest([jsonSpan()]))));
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("application/json");
    expect(text(response.body)).toBe("{}");
    expect(stored.map((s) => s.operation)).toEqual(["GET /items"]);
  });

  it("reports invalid spans in partial_success and stores the valid ones", async () => {
    const { endpoint, stored } = setup();
    const body = json(traceRequest([jsonSpan(), jsonSpan({ spanId: "0000000000000000" })]));
    const response = await endpoint.handle(request(gzipSync(body), { contentEncoding: "gzip" }));
    expect(response.status).toBe(200);
    const answer = JSON.parse(text(response.body)) as {
      partialSuccess: { rejectedSpans: string; errorMessage: string };
    };
    expect(answer.partialSuccess.rejectedSpans).toBe("1");
    expect(answer.partialSuccess.errorMessage).toMatch(
      /^rejected 1: resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[1\]/,
    );
    expect(stored.length).toBe(1);
  });

  it("answers 400, 413 and 415 with a google.rpc.Status in the request's encoding", async () => {
    const { endpoint } = setup();
    const truncated = await endpoint.handle(
      request(encodeMessage([{ field: 1, bytes: new Uint8Array(20) }]).subarray(0, 5), {
        contentType: "application/x-protobuf",
      }),
    );
    expect(truncated.status).toBe(400);
    expect(truncated.headers["content-type"]).toBe("application/x-protobuf");
    const large = await endpoint.handle(request("x".repeat(10_001)));
    expect(large.status).toBe(413);
    expect(JSON.parse(text(large.body))).toMatchObject({ message: "body is larger than 10000 bytes" });
    const inflated = await endpoint.handle(
      request(gzipSync(Buffer.alloc(50_000, 32)), { contentEncoding: "gzip" }),
    );
    expect(inflated.status).toBe(413);
    const badGzip = await endpoint.handle(
      request(gzipSync("{}").subarray(0, 10), { contentEncoding: "gzip" }),
    );
    expect(badGzip.status).toBe(400);
    const type = await endpoint.handle(request("{}", { contentType: "text/plain" }));
    expect(type.status).toBe(415);
    expect(JSON.parse(text(type.body)).message).toMatch(/unsupported content type "text\/plain"/);
  });

  it("answers 503 with Retry-After when the database is unavailable", async () => {
    const down = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    const { endpoint } = setup({ failWrite: down });
    const response = await endpoint.handle(request(json(traceRequest([jsonSpan()]))));
    expect(response.status).toBe(503);
    expect(response.headers["retry-after"]).toBe("1");
    expect(JSON.parse(text(response.body))).toMatchObject({ code: 14 });
  });
});
