// Every kind of bad OTLP input against a running `weft server`, each with its expected response, and then
// proof that nothing else was harmed: the valid spans are stored, nothing more, and ingest still works.

import { gzipSync } from "node:zlib";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  encodeTraceRequest,
  type JsonKeyValue,
  type JsonSpan,
  jsonSpan,
  traceRequest,
} from "../../lib/telemetry/otlp/testing/trace-payloads";
import { type OtlpAddresses, otlpAddresses } from "../../lib/telemetry/testing/otlp-addresses";
import { exportRawGrpc } from "../../lib/telemetry/testing/raw-grpc";
import { ApiSession } from "../support/apiSession";
import { startServerWithAdmin } from "../support/serverWithAdmin";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";
import { type StartedServer, startWeftServer } from "../support/weftProcess";

const LIMIT = 1024 * 1024; // WEFT_OTLP_MAX_BODY_MB=1
const START_NS = BigInt(Date.now() - 60_000) * 1_000_000n;

let next = 0;
/** A valid span of now with fresh ids. */
function span(overrides: JsonSpan = {}): JsonSpan {
  next++;
  return jsonSpan({
    traceId: next.toString(16).padStart(32, "a"),
    spanId: next.toString(16).padStart(16, "b"),
    parentSpanId: undefined,
    startTimeUnixNano: START_NS.toString(),
    endTimeUnixNano: (START_NS + 2_000_000n).toString(),
    ...overrides,
  });
}

const protobuf = (spans: JsonSpan[]) => encodeTraceRequest(traceRequest(spans, "bad-input"));
const json = (spans: JsonSpan[]) => JSON.stringify(traceRequest(spans, "bad-input"));

describe("OTLP bad input, each with its expected response, nothing else harmed", () => {
  let t: TestDatabase;
  let server: StartedServer;
  let otlp: OtlpAddresses;
  let api: ApiSession;
  const valid: string[] = [];

  const post = (body: Uint8Array | string, headers: Record<string, string> = {}, path = "/v1/traces") =>
    fetch(`${otlp.http}${path}`, {
      method: "POST",
      headers: {
        "content-type": typeof body === "string" ? "application/json" : "application/x-protobuf",
        ...headers,
      },
      body: body as BodyInit,
    });
  const statusMessage = async (response: Response) =>
    ((await response.json()) as { message: string }).message;
  const storedSpan = async (traceId: string) =>
    (await api.json<{ spans: Array<Record<string, unknown>> }>("GET", `/api/v1/traces/${traceId}`)).body
      .spans[0]!;

  beforeAll(async () => {
    ({ t, server, otlp, api } = await startServerWithAdmin({
      WEFT_OTLP_MAX_BODY_MB: "1",
      WEFT_INGEST_QUEUE_ITEMS: "500",
    }));
  });
  afterAll(async () => {
    await server?.stop();
    await t?.drop();
  });

  it("answers 400 with a google.rpc.Status for malformed and truncated protobuf", async () => {
    const good = protobuf([span()]);
    const malformed = await post(Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("content-type")).toBe("application/x-protobuf");
    const truncated = await post(good.subarray(0, good.length - 7));
    expect(truncated.status).toBe(400);
    const badJson = await post("{not json");
    expect(badJson.status).toBe(400);
    expect(await statusMessage(badJson)).toMatch(/json/i);
    const grpc = await exportRawGrpc(otlp.grpc, "traces", good.subarray(0, good.length - 7));
    expect(grpc.code).toBe(3); // INVALID_ARGUMENT
  });

  it("answers 400 for truncated gzip, 415 for a wrong content type or encoding, 413 over the limit", async () => {
    const gz = gzipSync(json([span()]));
    const truncatedGzip = await post(gz.subarray(0, gz.length - 10), {
      "content-encoding": "gzip",
      "content-type": "application/json",
    });
    expect(truncatedGzip.status).toBe(400);
    expect(await statusMessage(truncatedGzip)).toMatch(/cannot decompress gzip/);
    const type = await post(json([span()]), { "content-type": "text/plain" });
    expect(type.status).toBe(415);
    const encoding = await post(json([span()]), { "content-encoding": "br" });
    expect(encoding.status).toBe(415);
    const large = await post(new Uint8Array(LIMIT + 1));
    expect(large.status).toBe(413);
    const bomb = await post(gzipSync(Buffer.alloc(4 * LIMIT + 1, 0x20)), {
      "content-encoding": "gzip",
      "content-type": "application/json",
    });
    expect(bomb.status).toBe(413);
    expect(await statusMessage(bomb)).toMatch(/inflates to more than/);
    const method = await fetch(`${otlp.http}/v1/traces`);
    expect([method.status, method.headers.get("allow")]).toEqual([405, "POST"]);
    expect((await post(json([span()]), {}, "/v1/logs")).status).toBe(404);
  });

  it("stores the valid spans of a batch and reports the rest in partial_success", async () => {
    const good = [span(), span()];
    const bad = [
      span({ traceId: "abcd" }),
      span({ spanId: "0".repeat(16) }),
      span({ traceId: "0".repeat(32) }),
      span({ startTimeUnixNano: (START_NS + 10n * 86_400_000_000_000n).toString() }),
      span({ startTimeUnixNano: "0", endTimeUnixNano: "5" }),
      span({ startTimeUnixNano: (START_NS - 30n * 86_400_000_000_000n).toString() }),
    ];
    for (const [encode, contentType] of [
      [protobuf, "application/x-protobuf"],
      [json, "application/json"],
    ] as const) {
      const batch = encode === protobuf ? good : [span(), span()];
      const response = await post(encode([...batch.slice(0, 1), ...bad, ...batch.slice(1)]), {
        "content-type": contentType,
      });
      expect(response.status).toBe(200);
      valid.push(...batch.map((s) => s.traceId!));
      if (contentType === "application/json") {
        const body = (await response.json()) as {
          partialSuccess: { rejectedSpans: string; errorMessage: string };
        };
        expect(body.partialSuccess.rejectedSpans).toBe("6");
        expect(body.partialSuccess.errorMessage).toMatch(
          /^rejected 6: resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[1\]: traceId/,
        );
        expect(body.partialSuccess.errorMessage).toMatch(/future; .*before 1970-01-01 \(and 1 more\)$/);
      } else {
        const bytes = new Uint8Array(await response.arrayBuffer());
        const decoded = ProtobufTraceSerializer.deserializeResponse(bytes);
        expect(Number(decoded.partialSuccess?.rejectedSpans)).toBe(6);
        expect(decoded.partialSuccess?.errorMessage).toMatch(/^rejected 6: /);
      }
    }
    for (const traceId of valid) expect((await storedSpan(traceId)).operation).toBe("GET /items");
    const expired = await post(json([bad[5]!]));
    expect(await expired.json()).toEqual({
      partialSuccess: {
        rejectedSpans: "1",
        errorMessage: expect.stringMatching(
          /^rejected 1: 1 item\(s\) older than the retention window \(before /,
        ),
      },
    });
  });

  it("bounds a million-character attribute and 10,000 attributes, counting what it dropped", async () => {
    const many: JsonKeyValue[] = Array.from({ length: 10_000 }, (_, i) => ({
      key: `k${i}`,
      value: { intValue: i },
    }));
    const huge = span({ attributes: [{ key: "big", value: { stringValue: "x".repeat(1_000_000) } }] });
    const wide = span({ attributes: many, droppedAttributesCount: 3 });
    expect((await post(json([huge]))).status).toBe(200);
    expect((await post(protobuf([wide]))).status).toBe(200);
    valid.push(huge.traceId!, wide.traceId!);
    const big = (await storedSpan(huge.traceId!)).attributes as Record<string, string>;
    expect(big.big).toBe(`${"x".repeat(4096)}…[truncated ${1_000_000 - 4096} bytes]`);
    const stored = await storedSpan(wide.traceId!);
    expect(Object.keys(stored.attributes as object).length).toBe(128);
    expect(stored.droppedAttributesCount).toBe(10_000 - 128 + 3);
  });

  it("answers 429 / RESOURCE_EXHAUSTED with a retry delay when the queue is full, and stores the held export", async () => {
    // Hold the spans table so that a flush cannot finish; the held export fills most of the queue (500 items).
    const blocker = await t.db.pool.connect();
    await blocker.query("BEGIN");
    await blocker.query("LOCK TABLE telemetry_spans IN ACCESS EXCLUSIVE MODE");
    const heldSpans = Array.from({ length: 300 }, () => span());
    const held = post(protobuf(heldSpans));
    try {
      const waiting = async () =>
        (
          await t.db.pool.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'COPY telemetry_spans%'",
          )
        ).rows[0]!.n;
      for (let i = 0; i < 200 && (await waiting()) === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(await waiting()).toBe(1);
      const full = await post(protobuf(Array.from({ length: 300 }, () => span())));
      expect(full.status).toBe(429);
      expect(full.headers.get("retry-after")).toBe("1");
      const grpc = await exportRawGrpc(
        otlp.grpc,
        "traces",
        protobuf(Array.from({ length: 300 }, () => span())),
      );
      expect(grpc.code).toBe(8); // RESOURCE_EXHAUSTED, with RetryInfo in the status details
      expect(grpc.metadata?.get("grpc-status-details-bin").length).toBe(1);
    } finally {
      await blocker.query("COMMIT");
      blocker.release();
    }
    expect((await held).status).toBe(200);
    valid.push(...heldSpans.map((s) => s.traceId!));
  });

  it("harmed nothing: exactly the valid spans are stored and ingest still works", async () => {
    const after = span();
    expect((await post(protobuf([after]))).status).toBe(200);
    expect(
      (await exportRawGrpc(otlp.grpc, "traces", protobuf([span({ traceId: "f".repeat(32) })]))).code,
    ).toBe(0);
    valid.push(after.traceId!, "f".repeat(32));
    const stored = await t.db.pool.query<{ trace_id: string }>(
      "SELECT encode(trace_id, 'hex') AS trace_id FROM telemetry_spans ORDER BY 1",
    );
    expect(stored.rows.map((r) => r.trace_id)).toEqual([...valid].sort());
    expect(server.process.child.exitCode).toBeNull();
  });
});

describe("OTLP ingest with WEFT_INGEST_AUTH=token", () => {
  let t: TestDatabase;
  let server: StartedServer;
  let otlp: OtlpAddresses;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startWeftServer({ DATABASE_URL: t.url, WEFT_INGEST_AUTH: "token" });
    otlp = otlpAddresses(server.process.output());
    const admin = new ApiSession(server.url);
    expect((await admin.login("admin", server.adminPassword)).status).toBe(200);
    for (const role of ["viewer", "operator"]) {
      const created = await admin.json<{ token: string }>("POST", "/api/v1/tokens", {
        name: `ingest-${role}`,
        role,
      });
      tokens[role] = created.body.token;
    }
  });
  afterAll(async () => {
    await server?.stop();
    await t?.drop();
  });

  it("needs an operator token over HTTP, on the console port and over gRPC", async () => {
    const body = protobuf([span()]);
    const send = (base: string, authorization?: string) =>
      fetch(`${base}/v1/traces`, {
        method: "POST",
        headers: { "content-type": "application/x-protobuf", ...(authorization ? { authorization } : {}) },
        body: body as BodyInit,
      });
    const missing = await send(otlp.http);
    expect([missing.status, missing.headers.get("www-authenticate")]).toEqual([401, 'Bearer realm="weft"']);
    expect((await send(otlp.http, "Bearer weft_not_a_token")).status).toBe(401);
    expect((await send(otlp.http, `Bearer ${tokens.viewer}`)).status).toBe(403);
    expect((await send(otlp.http, `Bearer ${tokens.operator}`)).status).toBe(200);
    expect((await send(server.url)).status).toBe(401);
    expect((await send(server.url, `Bearer ${tokens.operator}`)).status).toBe(200);
    expect((await exportRawGrpc(otlp.grpc, "traces", body)).code).toBe(16); // UNAUTHENTICATED
    expect(
      (await exportRawGrpc(otlp.grpc, "traces", body, { authorization: `Bearer ${tokens.viewer}` })).code,
    ).toBe(7);
    expect(
      (await exportRawGrpc(otlp.grpc, "traces", body, { authorization: `Bearer ${tokens.operator}` })).code,
    ).toBe(0);
  });
});
