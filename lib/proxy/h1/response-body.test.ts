import { describe, expect, it } from "vitest";
import { H1ResponseBody } from "./response-body";

function body() {
  const calls: string[] = [];
  const control = {
    pause: () => calls.push("pause"),
    resume: () => calls.push("resume"),
    cancel: () => calls.push("cancel"),
  };
  return { calls, body: new H1ResponseBody(control) };
}

describe("H1ResponseBody", () => {
  it("gives every listener each chunk, then end, then close, in the order they were added", () => {
    const { calls, body: b } = body();
    for (const who of ["relay", "mirror", "third"]) {
      b.on("data", (chunk) => calls.push(`${who} data ${chunk.toString()}`));
      b.on("end", () => calls.push(`${who} end`));
      b.on("close", () => calls.push(`${who} close`));
    }
    b.push(Buffer.from("a"));
    b.finish();
    b.push(Buffer.from("late"));
    b.destroy();
    expect(calls).toEqual([
      "relay data a",
      "mirror data a",
      "third data a",
      "relay end",
      "mirror end",
      "third end",
      "relay close",
      "mirror close",
      "third close",
    ]);
  });

  it("a body destroyed before its end cancels the connection's read and closes without end", () => {
    const { calls, body: b } = body();
    b.on("end", () => calls.push("end"));
    b.on("close", () => calls.push("close"));
    b.pause();
    b.destroy();
    b.resume();
    b.destroy();
    expect(calls).toEqual(["pause", "cancel", "close"]);
  });

  it("a reset closes without end and without cancelling (the connection is gone already)", () => {
    const { calls, body: b } = body();
    b.on("end", () => calls.push("end"));
    b.on("close", () => calls.push("close"));
    b.reset();
    expect(calls).toEqual(["close"]);
  });
});
