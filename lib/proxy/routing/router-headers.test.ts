import { describe, expect, it } from "vitest";
import type { RetryPolicy } from "../config/route-model";
import {
  expectedTimeoutMs,
  hasRouterHeaders,
  routerAddsEnvoyHeaders,
  routerHeaderOverrides,
  withHeaderTimeout,
} from "./router-headers";

const ROUTE_RETRY: RetryPolicy = {
  retryOn: new Set(["connect-failure"]),
  numRetries: 3,
  perTryTimeoutMs: 0,
  perTryIdleTimeoutMs: 0,
  retriableStatusCodes: [409],
  backoff: { baseMs: 10, maxMs: 100 },
  retriableHeaders: [],
};

describe("router headers", () => {
  it("notices only the headers the router consumes", () => {
    expect(hasRouterHeaders({ host: "a", "x-envoy-attempt-count": "1" })).toBe(false);
    expect(hasRouterHeaders({ "x-envoy-max-retries": "2" })).toBe(true);
  });

  it("x-envoy-retry-on alone retries once on its conditions, with Envoy's default back-off", () => {
    const { retry } = routerHeaderOverrides({ "x-envoy-retry-on": "5xx, Reset,bogus" }, undefined, 15_000);
    expect([...(retry?.retryOn ?? [])]).toEqual(["5xx", "reset"]);
    expect(retry).toMatchObject({ numRetries: 1, perTryTimeoutMs: 0, backoff: { baseMs: 25, maxMs: 250 } });
  });

  it("adds conditions to the route's policy and x-envoy-max-retries sets the count", () => {
    const { retry } = routerHeaderOverrides(
      { "x-envoy-retry-grpc-on": "unavailable", "x-envoy-max-retries": "5" },
      ROUTE_RETRY,
      15_000,
    );
    expect([...(retry?.retryOn ?? [])]).toEqual(["connect-failure", "unavailable"]);
    expect(retry).toMatchObject({ numRetries: 5, backoff: ROUTE_RETRY.backoff });
    expect(routerHeaderOverrides({ "x-envoy-max-retries": "0" }, ROUTE_RETRY, 0).retry?.numRetries).toBe(0);
  });

  it("x-envoy-max-retries without any retry condition retries nothing; a malformed count is ignored", () => {
    expect(routerHeaderOverrides({ "x-envoy-max-retries": "4" }, undefined, 0).retry).toBeUndefined();
    expect(routerHeaderOverrides({ "x-envoy-max-retries": "-1" }, ROUTE_RETRY, 0).retry?.numRetries).toBe(3);
    expect(routerHeaderOverrides({ "x-envoy-max-retries": "9999" }, ROUTE_RETRY, 0).retry?.numRetries).toBe(
      100,
    );
  });

  it("retries on the response headers x-envoy-retriable-header-names lists, with retriable-headers", () => {
    const { retry } = routerHeaderOverrides(
      { "x-envoy-retry-on": "retriable-headers", "x-envoy-retriable-header-names": "X-Try-Again, bad name" },
      undefined,
      0,
    );
    expect(retry?.retriableHeaders).toEqual([
      {
        name: "x-try-again",
        rule: { kind: "present", present: true },
        invert: false,
        treatMissingAsEmpty: false,
      },
    ]);
    expect(retry?.numRetries).toBe(1);
    const without = routerHeaderOverrides({ "x-envoy-retriable-header-names": "x-try-again" }, undefined, 0);
    expect(without.retry).toBeUndefined();
  });

  it("adds x-envoy-retriable-status-codes to the route's codes", () => {
    const { retry } = routerHeaderOverrides(
      { "x-envoy-retry-on": "retriable-status-codes", "x-envoy-retriable-status-codes": "503, 409,abc,99" },
      ROUTE_RETRY,
      0,
    );
    expect(retry?.retriableStatusCodes).toEqual([409, 503]);
  });

  it("x-envoy-upstream-rq-timeout-ms replaces the route timeout; 0 means none; junk is ignored", () => {
    expect(
      routerHeaderOverrides({ "x-envoy-upstream-rq-timeout-ms": "250" }, undefined, 15_000).timeoutMs,
    ).toBe(250);
    expect(
      routerHeaderOverrides({ "x-envoy-upstream-rq-timeout-ms": "0" }, undefined, 15_000).timeoutMs,
    ).toBe(0);
    expect(
      routerHeaderOverrides({ "x-envoy-upstream-rq-timeout-ms": "1.5s" }, undefined, 15_000),
    ).not.toHaveProperty("timeoutMs");
  });

  it("a per-try timeout from the header applies only when shorter than the whole request's", () => {
    const perTry = (headers: Record<string, string>, routeTimeoutMs: number) =>
      routerHeaderOverrides(headers, undefined, routeTimeoutMs).retry?.perTryTimeoutMs;
    expect(perTry({ "x-envoy-upstream-rq-per-try-timeout-ms": "100" }, 15_000)).toBe(100);
    expect(perTry({ "x-envoy-upstream-rq-per-try-timeout-ms": "100" }, 0)).toBe(100);
    expect(perTry({ "x-envoy-upstream-rq-per-try-timeout-ms": "100" }, 100)).toBe(0);
    expect(
      perTry(
        { "x-envoy-upstream-rq-per-try-timeout-ms": "300", "x-envoy-upstream-rq-timeout-ms": "200" },
        15_000,
      ),
    ).toBe(0);
    const alone = routerHeaderOverrides(
      { "x-envoy-upstream-rq-per-try-timeout-ms": "100" },
      undefined,
      0,
    ).retry;
    expect([alone?.numRetries, alone?.retryOn.size]).toEqual([0, 0]);
  });

  it("answers a timeout with 204 when the request asks for the alternative", () => {
    expect(
      routerHeaderOverrides({ "x-envoy-upstream-rq-timeout-alt-response": "" }, undefined, 0).timeoutStatus,
    ).toBe(204);
    expect(routerHeaderOverrides({ "x-envoy-max-retries": "1" }, undefined, 0).timeoutStatus).toBe(504);
  });

  it("expects the per-try timeout when there is one, else the route's, else nothing", () => {
    expect(expectedTimeoutMs(15_000, undefined)).toBe(15_000);
    expect(expectedTimeoutMs(15_000, { ...ROUTE_RETRY, perTryTimeoutMs: 200 })).toBe(200);
    expect(expectedTimeoutMs(0, undefined)).toBeUndefined();
  });

  it("the header's timeout replaces a grpc-timeout the route would honour but keeps the stream cap", () => {
    expect(
      withHeaderTimeout({ timeoutMs: 15_000, grpcTimeoutHeaderMaxMs: 0, maxStreamDurationMs: 900 }, 50),
    ).toEqual({
      timeoutMs: 50,
      maxStreamDurationMs: 900,
    });
  });

  it("adds x-envoy-* headers unless the router suppresses them", () => {
    expect(routerAddsEnvoyHeaders(undefined)).toBe(true);
    expect(routerAddsEnvoyHeaders([{ name: "r", kind: "router", suppressEnvoyHeaders: false }])).toBe(true);
    expect(routerAddsEnvoyHeaders([{ name: "r", kind: "router", suppressEnvoyHeaders: true }])).toBe(false);
  });
});
