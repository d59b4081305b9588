import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { type BodySink, BodyTee } from "./body-tee";

function sink(): BodySink & { data: string; ended: boolean } {
  const s = {
    data: "",
    ended: false,
    write(chunk: Buffer) {
      s.data += chunk.toString();
      return true;
    },
    end() {
      s.ended = true;
    },
    once: () => s,
  };
  return s;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("BodyTee", () => {
  it("streams to the attempt and replays the whole body to a retry", async () => {
    const source = new PassThrough();
    const tee = new BodyTee(source, 1024);
    const first = sink();
    tee.attach(first);
    source.write("hello ");
    source.end("world");
    await tick();
    expect(first).toMatchObject({ data: "hello world", ended: true });
    expect(tee.replayable).toBe(true);
    const retry = sink();
    tee.detach();
    tee.attach(retry);
    expect(retry).toMatchObject({ data: "hello world", ended: true });
  });

  it("stops keeping a body larger than the limit: it streams but cannot be replayed", async () => {
    const source = new PassThrough();
    const tee = new BodyTee(source, 4);
    const first = sink();
    tee.attach(first);
    source.end("more than four bytes");
    await tick();
    expect(first.data).toBe("more than four bytes");
    expect(tee.replayable).toBe(false);
    expect(tee.attachable).toBe(false);
  });
});
