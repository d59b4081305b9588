import { describe, expect, it } from "vitest";
import type { RetryPolicy } from "../config/route-model";
import {
  consumeRouterHeaders,
  expectedTimeoutMs,
  hasRouterHeaders,
  perTryWithin,
  retries,
  routerAddsEnvoyHeaders,
  routerHeaderOverrides,
} from "./router-headers";

const present = (name: string) =>
  ({ name, rule: { kind: "present", present: true }, invert: false, treatMissingAsEmpty: false }) as const;

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
    const { retry } = routerHeaderOverrides({ "x-envoy-retry-on": "5xx, Reset,bogus" }, undefined);
    expect([...(retry?.retryOn ?? [])]).toEqual(["5xx", "reset"]);
    expect(retry).toMatchObject({ numRetries: 1, perTryTimeoutMs: 0, backoff: { baseMs: 25, maxMs: 250 } });
  });

  it("adds conditions to the route's policy and x-envoy-max-retries sets the count", () => {
    const { retry } = routerHeaderOverrides(
      { "x-envoy-retry-grpc-on": "unavailable", "x-envoy-max-retries": "5" },
      ROUTE_RETRY,
    );
    expect([...(retry?.retryOn ?? [])]).toEqual(["connect-failure", "unavailable"]);
    expect(retry).toMatchObject({ numRetries: 5, backoff: ROUTE_RETRY.backoff });
    expect(routerHeaderOverrides({ "x-envoy-max-retries": "0" }, ROUTE_RETRY).retry?.numRetries).toBe(0);
  });

  it("x-envoy-max-retries without any retry condition retries nothing; a malformed count is ignored", () => {
    expect(routerHeaderOverrides({ "x-envoy-max-retries": "4" }, undefined).retry).toBeUndefined();
    expect(routerHeaderOverrides({ "x-envoy-max-retries": "-1" }, ROUTE_RETRY).retry?.numRetries).toBe(3);
    expect(routerHeaderOverrides({ "x-envoy-max-retries": "9999" }, ROUTE_RETRY).retry?.numRetries).toBe(100);
  });

  it("retries on the response headers x-envoy-retriable-header-names lists, with retriable-headers", () => {
    const { retry } = routerHeaderOverrides(
      { "x-envoy-retry-on": "retriable-headers", "x-envoy-retriable-header-names": "X-Try-Again, bad name" },
      undefined,
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
    const without = routerHeaderOverrides({ "x-envoy-retriable-header-names": "x-try-again" }, undefined);
    expect(without.retry).toBeUndefined();
    // A route that already retries on response headers takes the names without retriable-headers asked for.
    const onHeaders: RetryPolicy = { ...ROUTE_RETRY, retriableHeaders: [present("x-route")] };
    const merged = routerHeaderOverrides(
      { "x-envoy-retriable-header-names": "x-try-again" },
      onHeaders,
    ).retry;
    expect(merged?.retriableHeaders.map((m) => m.name)).toEqual(["x-route", "x-try-again"]);
  });

  it("adds x-envoy-retriable-status-codes to the route's codes", () => {
    const { retry } = routerHeaderOverrides(
      { "x-envoy-retry-on": "retriable-status-codes", "x-envoy-retriable-status-codes": "503, 409,abc,99" },
      ROUTE_RETRY,
    );
    expect(retry?.retriableStatusCodes).toEqual([409, 503]);
  });

  it("x-envoy-upstream-rq-timeout-ms replaces the route timeout; 0 means none; junk is ignored", () => {
    expect(routerHeaderOverrides({ "x-envoy-upstream-rq-timeout-ms": "250" }, undefined).timeoutMs).toBe(250);
    expect(routerHeaderOverrides({ "x-envoy-upstream-rq-timeout-ms": "0" }, undefined).timeoutMs).toBe(0);
    expect(routerHeaderOverrides({ "x-envoy-upstream-rq-timeout-ms": "1.5s" }, undefined)).not.toHaveProperty(
      "timeoutMs",
    );
  });

  it("a per-try timeout from the header applies only when shorter than the route timeout in force", () => {
    const perTry = (value: string, routeTimeoutMs: number) =>
      perTryWithin(
        routerHeaderOverrides({ "x-envoy-upstream-rq-per-try-timeout-ms": value }, undefined).retry,
        routeTimeoutMs,
      )?.perTryTimeoutMs;
    expect(perTry("100", 15_000)).toBe(100);
    expect(perTry("100", 0)).toBe(100);
    expect(perTry("100", 100)).toBe(0);
    // Beyond a Node.js timer's reach: none, not a timer firing after 1 ms.
    expect(perTry("9999999999", 0)).toBe(0);
    const alone = routerHeaderOverrides({ "x-envoy-upstream-rq-per-try-timeout-ms": "100" }, undefined).retry;
    expect([alone?.numRetries, alone?.retryOn.size, retries(alone)]).toEqual([0, 0, false]);
    expect(retries(routerHeaderOverrides({ "x-envoy-retry-on": "5xx" }, undefined).retry)).toBe(true);
    expect(retries(routerHeaderOverrides({ "x-envoy-max-retries": "0" }, ROUTE_RETRY).retry)).toBe(false);
  });

  it("takes every consumed header off the outgoing copy", () => {
    const outgoing: Record<string, unknown> = {
      accept: "*/*",
      "x-envoy-retry-on": "5xx",
      "x-envoy-max-retries": "1",
    };
    consumeRouterHeaders(outgoing);
    expect(outgoing).toEqual({ accept: "*/*" });
  });

  it("answers a timeout with 204 when the request asks for the alternative", () => {
    expect(
      routerHeaderOverrides({ "x-envoy-upstream-rq-timeout-alt-response": "" }, undefined).timeoutStatus,
    ).toBe(204);
    expect(routerHeaderOverrides({ "x-envoy-max-retries": "1" }, undefined).timeoutStatus).toBe(504);
  });

  it("expects the per-try timeout capped by what is left of the route's, else that, else nothing", () => {
    expect(expectedTimeoutMs(15_000, 0)).toBe(15_000);
    expect(expectedTimeoutMs(15_000, 200)).toBe(200);
    expect(expectedTimeoutMs(150.7, 200)).toBe(150);
    expect(expectedTimeoutMs(undefined, 200)).toBe(200);
    expect(expectedTimeoutMs(-5, 0)).toBe(1);
    expect(expectedTimeoutMs(undefined, 0)).toBeUndefined();
  });

  it("adds x-envoy-* headers unless the router suppresses them", () => {
    expect(routerAddsEnvoyHeaders(undefined)).toBe(true);
    expect(routerAddsEnvoyHeaders([{ name: "r", kind: "router", suppressEnvoyHeaders: false }])).toBe(true);
    expect(routerAddsEnvoyHeaders([{ name: "r", kind: "router", suppressEnvoyHeaders: true }])).toBe(false);
  });
});
