import { describe, expect, it } from "vitest";
import { seededRandom } from "../util/random";
import {
  formatTraceparent,
  newSpanId,
  normalizeTracestate,
  parseTraceparent,
  propagateTrace,
} from "./traceparent";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN = "00f067aa0ba902b7";
const VALID = `00-${TRACE}-${SPAN}-01`;

describe("parseTraceparent", () => {
  it("parses the spec's example", () => {
    expect(parseTraceparent(VALID)).toEqual({ traceId: TRACE, spanId: SPAN, sampled: true });
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-00`)?.sampled).toBe(false);
    expect(parseTraceparent(`  ${VALID} `)?.traceId).toBe(TRACE);
  });

  it.each([
    ["empty", ""],
    ["version ff", `ff-${TRACE}-${SPAN}-01`],
    ["version 00 too long", `${VALID}-extra`],
    ["upper-case hex", `00-${TRACE.toUpperCase()}-${SPAN}-01`],
    ["zero trace id", `00-${"0".repeat(32)}-${SPAN}-01`],
    ["zero span id", `00-${TRACE}-${"0".repeat(16)}-01`],
    ["short trace id", `00-${TRACE.slice(1)}-${SPAN}-01`],
    ["wrong separator", `00_${TRACE}-${SPAN}-01`],
    ["non-hex flags", `00-${TRACE}-${SPAN}-0x`],
    ["non-hex version", `0g-${TRACE}-${SPAN}-01`],
    ["later version, no dash after flags", `01-${TRACE}-${SPAN}-01x`],
  ])("rejects %s", (_name, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });

  it("reads the known fields of a later version", () => {
    expect(parseTraceparent(`cc-${TRACE}-${SPAN}-03-future-stuff`)).toEqual({
      traceId: TRACE,
      spanId: SPAN,
      sampled: true,
    });
    expect(parseTraceparent(`cc-${TRACE}-${SPAN}-02`)?.sampled).toBe(false);
  });

  it("rejects repeated traceparent headers", () => {
    expect(parseTraceparent([VALID, VALID])).toBeUndefined();
    expect(parseTraceparent(`${VALID}, ${VALID}`)).toBeUndefined();
    expect(parseTraceparent(undefined)).toBeUndefined();
  });
});

describe("propagateTrace", () => {
  it("keeps the trace, makes a new span from the random source and records the parent", () => {
    const result = propagateTrace(VALID, "congo=t61rcWkgMzE", seededRandom(1));
    expect(result.context.traceId).toBe(TRACE);
    expect(result.context.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(result.context.spanId).not.toBe(SPAN);
    expect(result.parentSpanId).toBe(SPAN);
    expect(result.traceparent).toBe(`00-${TRACE}-${result.context.spanId}-01`);
    expect(result.tracestate).toBe("congo=t61rcWkgMzE");
    expect(propagateTrace(VALID, undefined, seededRandom(1)).context.spanId).toBe(result.context.spanId);
  });

  it("starts a new trace without a valid parent and drops tracestate", () => {
    const result = propagateTrace("garbage", "congo=t61rcWkgMzE", seededRandom(2), false);
    expect(result.context.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(result.parentSpanId).toBeUndefined();
    expect(result.tracestate).toBeUndefined();
    expect(result.traceparent.endsWith("-00")).toBe(true);
  });

  it("downgrades a later version to 00 with only the sampled flag", () => {
    const result = propagateTrace(`cc-${TRACE}-${SPAN}-ff-x`, undefined, seededRandom(3));
    expect(result.traceparent).toBe(`00-${TRACE}-${result.context.spanId}-01`);
  });
});

describe("ids and formatting", () => {
  it("never produces an all-zero span id", () => {
    let calls = 0;
    const zerosThenHalf = () => (calls++ < 2 ? 0 : 0.5);
    expect(newSpanId(zerosThenHalf)).toBe("8000000080000000");
  });

  it("formats version 00", () => {
    expect(formatTraceparent({ traceId: TRACE, spanId: SPAN, sampled: false })).toBe(
      `00-${TRACE}-${SPAN}-00`,
    );
  });
});

describe("normalizeTracestate", () => {
  it("combines several headers and drops empty members", () => {
    expect(normalizeTracestate(["rojo=00f067aa0ba902b7", "congo=t61rcWkgMzE,"])).toBe(
      "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
    );
    expect(normalizeTracestate("tenant@vendor=x")).toBe("tenant@vendor=x");
  });

  it("drops lists that are too long or malformed", () => {
    expect(normalizeTracestate(Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(","))).toBeUndefined();
    expect(normalizeTracestate(Array.from({ length: 32 }, (_, i) => `k${i}=v`).join(","))).toBeDefined();
    expect(normalizeTracestate("Upper=x")).toBeUndefined();
    expect(normalizeTracestate("k=a=b")).toBeUndefined();
    expect(normalizeTracestate("")).toBeUndefined();
  });
});
