import { describe, expect, it } from "vitest";
import { randomIds } from "./ids";

describe("randomIds", () => {
  it("gives 32 and 16 lower-case hex digits, different every time, across pool refills", () => {
    const ids = randomIds(64);
    const traces = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const trace = ids.traceId();
      const span = ids.spanId();
      expect(trace).toMatch(/^[0-9a-f]{32}$/);
      expect(span).toMatch(/^[0-9a-f]{16}$/);
      traces.add(trace);
    }
    expect(traces.size).toBe(100);
  });
});
