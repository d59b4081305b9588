import { describe, expect, it } from "vitest";
import { planSpanCalls } from "../rollup/span-calls";
import { spanRow } from "../rollup/testing/span-rows";
import { CallResolver } from "./call-resolver";

const calls = (count: number) =>
  planSpanCalls(Array.from({ length: count }, () => spanRow({ kind: 3, peerService: "db" }))).openCalls;

function setup(settings: { settleMs?: number; batchSize?: number; maxHeld?: number } = {}) {
  let now = 0;
  const batches: number[] = [];
  let failNext = false;
  const logged: string[] = [];
  const resolver = new CallResolver(
    async (batch) => {
      if (failNext) {
        failNext = false;
        throw new Error("connect ECONNREFUSED");
      }
      batches.push(batch.length);
    },
    (line) => logged.push(line),
    { settleMs: 1_000, batchSize: 100, maxHeld: 1_000, ...settings },
    () => now,
  );
  return {
    resolver,
    batches,
    logged,
    advance: (ms: number) => (now += ms),
    failOnce: () => (failNext = true),
  };
}

describe("CallResolver", () => {
  it("decides calls only after they have waited the settle time, in batches", async () => {
    const { resolver, batches, advance } = setup();
    resolver.add(calls(150));
    advance(500);
    resolver.add(calls(10));
    await resolver.runDue();
    expect(batches).toEqual([]);
    advance(500);
    await resolver.runDue();
    expect(batches).toEqual([100, 50]);
    expect(resolver.heldCalls).toBe(10);
  });

  it("decides the oldest at once while more than maxHeld are held", async () => {
    const { resolver, batches } = setup({ maxHeld: 120 });
    resolver.add(calls(100));
    resolver.add(calls(100));
    await resolver.runDue();
    expect(batches).toEqual([100]);
    expect(resolver.heldCalls).toBe(100);
  });

  it("keeps calls whose resolution failed and retries them next time", async () => {
    const { resolver, batches, logged, advance, failOnce } = setup();
    resolver.add(calls(30));
    advance(1_000);
    failOnce();
    await resolver.runDue();
    expect(logged[0]).toMatch(/will retry/);
    expect(resolver.heldCalls).toBe(30);
    await resolver.runDue();
    expect(batches).toEqual([30]);
  });

  it("decides everything on close", async () => {
    const { resolver, batches } = setup();
    resolver.add(calls(5));
    await resolver.close();
    expect(batches).toEqual([5]);
    expect(resolver.heldCalls).toBe(0);
  });
});
