import { describe, expect, it } from "vitest";
import { FrameReader, GRPC_STATUS_NAMES } from "./grpc-stream";

const frame = (payload: string, flag = 0) => {
  const body = Buffer.from(payload);
  const out = Buffer.alloc(5 + body.length);
  out[0] = flag;
  out.writeUInt32BE(body.length, 1);
  body.copy(out, 5);
  return out;
};

describe("FrameReader", () => {
  it("splits length-prefixed messages across and within chunks", () => {
    const reader = new FrameReader(1024);
    const bytes = Buffer.concat([frame("first"), frame(""), frame("second")]);
    const got: string[] = [];
    for (let i = 0; i < bytes.length; i += 3)
      for (const m of reader.push(bytes.subarray(i, i + 3))) got.push(m.toString());
    expect(got).toEqual(["first", "", "second"]);
    expect(reader.push(frame("a")).map(String)).toEqual(["a"]);
  });

  it("refuses compressed and oversized messages", () => {
    expect(() => new FrameReader(1024).push(frame("x", 1))).toThrow(/compress/);
    expect(() => new FrameReader(4).push(frame("too long"))).toThrow(/exceeds the limit of 4/);
  });
});

describe("GRPC_STATUS_NAMES", () => {
  it("names codes as grpc-js does", () => {
    expect(GRPC_STATUS_NAMES[14]).toBe("UNAVAILABLE");
    expect(GRPC_STATUS_NAMES[16]).toBe("UNAUTHENTICATED");
  });
});
