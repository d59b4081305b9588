import { describe, expect, it } from "vitest";
import { DEFAULT_DOWNSTREAM_OPTIONS } from "../config/downstream-options";
import type { HttpConnectionManagerConfig } from "../config/model";
import { DEFAULT_HEAD_LIMITS } from "../http/request-head";
import { connectionSettings, stricterHeadLimits } from "./connection-settings";
import { applyListenerHeadRules } from "./listener-head-rules";

function hcm(overrides: Partial<HttpConnectionManagerConfig> = {}): HttpConnectionManagerConfig {
  return {
    statPrefix: "x",
    rdsName: "x",
    httpFilters: [],
    useRemoteAddress: false,
    xffNumTrustedHops: 0,
    skipXffAppend: false,
    maxRequestHeadersKb: 60,
    requestHeadersTimeoutMs: 0,
    streamIdleTimeoutMs: 300_000,
    requestTimeoutMs: 0,
    stripAnyHostPort: false,
    normalizePath: false,
    mergeSlashes: false,
    upgradeTypes: [],
    downstream: DEFAULT_DOWNSTREAM_OPTIONS,
    ...overrides,
  };
}
const DEFAULTS = { headersTimeoutMs: 10_000, idleTimeoutMs: 60_000 };

describe("connectionSettings", () => {
  it("keeps the proxy's defaults without a listener, or when the listener sets nothing", () => {
    const expected = { ...DEFAULTS, maxRequestsPerConnection: 0, maxConnectionDurationMs: 0 };
    expect(connectionSettings(undefined, DEFAULTS)).toEqual(expected);
    expect(connectionSettings(hcm(), DEFAULTS)).toEqual(expected);
  });

  it("takes what the connection manager sets, an idle timeout of 0 (never) included", () => {
    const http = hcm({
      requestHeadersTimeoutMs: 250,
      downstream: {
        ...DEFAULT_DOWNSTREAM_OPTIONS,
        idleTimeoutMs: 0,
        maxRequestsPerConnection: 5,
        maxConnectionDurationMs: 90_000,
      },
    });
    expect(connectionSettings(http, DEFAULTS)).toEqual({
      headersTimeoutMs: 250,
      idleTimeoutMs: 0,
      maxRequestsPerConnection: 5,
      maxConnectionDurationMs: 90_000,
    });
  });
});

describe("stricterHeadLimits", () => {
  it("is undefined unless the listener is stricter than the proxy", () => {
    expect(stricterHeadLimits(DEFAULT_HEAD_LIMITS, undefined)).toBeUndefined();
    expect(stricterHeadLimits(DEFAULT_HEAD_LIMITS, hcm())).toBeUndefined();
    expect(stricterHeadLimits(DEFAULT_HEAD_LIMITS, hcm({ maxRequestHeadersKb: 96 }))).toBeUndefined();
  });

  it("takes the smaller of each limit: the proxy's parser limit stays the ceiling", () => {
    const http = hcm({
      maxRequestHeadersKb: 96,
      downstream: { ...DEFAULT_DOWNSTREAM_OPTIONS, maxHeadersCount: 10 },
    });
    expect(stricterHeadLimits(DEFAULT_HEAD_LIMITS, http)).toEqual({
      maxHeaderBytes: 60 * 1024,
      maxHeaderCount: 10,
    });
    expect(stricterHeadLimits(DEFAULT_HEAD_LIMITS, hcm({ maxRequestHeadersKb: 1 }))).toEqual({
      maxHeaderBytes: 1024,
      maxHeaderCount: 100,
    });
  });
});

describe("applyListenerHeadRules", () => {
  const head = (headers: Record<string, string>) => ({
    headers: { ...headers },
    rawHeaders: Object.entries(headers).flat(),
  });

  it("refuses a head over the listener's size with a 431", () => {
    const refusal = applyListenerHeadRules(
      head({ big: "a".repeat(2_000) }),
      DEFAULT_HEAD_LIMITS,
      hcm({ maxRequestHeadersKb: 1 }),
    );
    expect(refusal).toEqual({ status: 431, reason: "headers exceed 1024 bytes" });
  });

  it("rejects or drops headers with underscores, or leaves them, as the listener says", () => {
    const rules = (action: "allow" | "reject" | "drop") =>
      hcm({ downstream: { ...DEFAULT_DOWNSTREAM_OPTIONS, headersWithUnderscores: action } });
    const allowed = head({ x_a: "1", "x-b": "2" });
    expect(applyListenerHeadRules(allowed, DEFAULT_HEAD_LIMITS, rules("allow"))).toBeUndefined();
    expect(allowed.headers).toEqual({ x_a: "1", "x-b": "2" });
    expect(applyListenerHeadRules(head({ x_a: "1" }), DEFAULT_HEAD_LIMITS, rules("reject"))).toEqual({
      status: 400,
      reason: 'header name "x_a" contains an underscore',
    });
    const dropped = head({ x_a: "1", "x-b": "2", y_c: "3" });
    expect(applyListenerHeadRules(dropped, DEFAULT_HEAD_LIMITS, rules("drop"))).toBeUndefined();
    expect(dropped.headers).toEqual({ "x-b": "2" });
  });
});
