import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { llhttp } from "./llhttp";
import { ParserPool } from "./parser-pool";

// The binding never lets go of a parser, so whatever its callbacks capture would live for ever unless the
// pool clears them: this is the leak a connection per parser used to cause.

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const binding = llhttp;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe.runIf(binding)("ParserPool", () => {
  const P = binding!.Parser;

  it("drops a given-back parser's callbacks, so what they captured can be collected", async () => {
    const pool = new ParserPool(P);
    const collected: string[] = [];
    const registry = new FinalizationRegistry((name: string) => collected.push(name));
    (() => {
      const connection = { name: "connection" };
      registry.register(connection, "connection");
      const parser = pool.take(P.REQUEST, 16_384);
      parser[P.kOnBody] = () => connection.name;
      parser[P.kOnExecute] = () => connection;
      pool.give(parser);
    })();
    await nextTurn();
    for (let i = 0; i < 10 && collected.length === 0; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(collected).toEqual(["connection"]);
  });

  it("hands a given-back parser out again, ready for the other kind of message", async () => {
    const pool = new ParserPool(P);
    const first = pool.take(P.REQUEST, 16_384);
    pool.give(first);
    expect(pool.size).toBe(0); // only once the current call stack has unwound
    await nextTurn();
    expect(pool.size).toBe(1);
    const again = pool.take(P.RESPONSE, 16_384);
    expect(again).toBe(first);
    let status = 0;
    again[P.kOnHeadersComplete] = (...args: unknown[]) => {
      status = Number(args[5]);
      return 0;
    };
    expect(again.execute(Buffer.from("HTTP/1.1 204 No Content\r\n\r\n"))).toBe(27);
    expect(status).toBe(204);
  });

  it("keeps at most 128 idle parsers and closes the rest", async () => {
    const pool = new ParserPool(P);
    const parsers = Array.from({ length: 130 }, () => pool.take(P.REQUEST, 16_384));
    for (const parser of parsers) pool.give(parser);
    await nextTurn();
    expect(pool.size).toBe(128);
  });
});
