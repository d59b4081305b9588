import { describe, expect, it } from "vitest";
import { propagateTrace } from "../http/traceparent";
import { seededRandom } from "../util/random";
import { spanAttributes, spanStatus } from "./attributes";
import type { RequestRecord } from "./record";

const record = (over: Partial<RequestRecord>): RequestRecord => ({
  side: "server",
  method: "POST",
  status: 200,
  sourceService: "",
  destinationService: "ratings",
  faultInjected: true,
  retries: 1,
  startMs: 0,
  endMs: 1,
  trace: propagateTrace(undefined, undefined, seededRandom(2)),
  path: "/a/b?secret=1",
  ...over,
});

describe("span attributes and status", () => {
  it("add retries and the path without its query; omit an unknown source", () => {
    const attributes = Object.fromEntries(spanAttributes(record({})));
    expect(attributes).toMatchObject({ "weft.retries": 1, "url.path": "/a/b", "weft.fault.injected": true });
    expect(attributes).not.toHaveProperty("weft.source.service");
    expect(attributes).not.toHaveProperty("server.address");
  });

  it("mark 5xx, client 4xx, gRPC errors and missing responses as errors", () => {
    expect(spanStatus(record({ status: 404 })).code).toBe(0);
    expect(spanStatus(record({ side: "client", status: 404, errorType: "404" }))).toEqual({
      code: 2,
      message: "404",
    });
    expect(spanStatus(record({ status: 503 })).code).toBe(2);
    expect(spanStatus(record({ status: 200, grpcStatus: 14 })).code).toBe(2);
    expect(spanStatus(record({ status: 0, errorType: "downstream_disconnect" }))).toEqual({
      code: 2,
      message: "downstream_disconnect",
    });
  });
});
