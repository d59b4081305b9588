import { deflateSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readOtlpBody } from "./body";

const payload = Buffer.from("some otlp bytes");
const limits = { maxBytes: 1024, maxInflatedBytes: 4096 };

describe("readOtlpBody", () => {
  it.each([
    ["application/x-protobuf", "protobuf"],
    ["application/protobuf", "protobuf"],
    ["Application/X-Protobuf; charset=binary", "protobuf"],
    ["application/json", "json"],
    ["application/json; charset=utf-8", "json"],
  ])("reads %s as %s", async (contentType, format) => {
    expect(await readOtlpBody({ contentType, body: payload, ...limits })).toEqual({
      ok: true,
      format,
      bytes: payload,
    });
  });

  it.each([undefined, "", "text/plain", "application/grpc", "multipart/form-data"])(
    "refuses content type %s with 415",
    async (contentType) => {
      const result = await readOtlpBody({ contentType, body: payload, ...limits });
      expect(result).toMatchObject({ ok: false, status: 415 });
    },
  );

  it("inflates gzip and deflate, and passes identity through", async () => {
    for (const [contentEncoding, body] of [
      ["gzip", gzipSync(payload)],
      ["GZIP", gzipSync(payload)],
      ["deflate", deflateSync(payload)],
      ["identity", payload],
    ] as const) {
      const result = await readOtlpBody({
        contentType: "application/json",
        contentEncoding,
        body,
        ...limits,
      });
      expect(result.ok && Buffer.from(result.bytes).toString()).toBe("some otlp bytes");
    }
  });

  it("refuses an unknown content encoding with 415", async () => {
    const result = await readOtlpBody({
      contentType: "application/json",
      contentEncoding: "br",
      body: payload,
      ...limits,
    });
    expect(result).toMatchObject({ ok: false, status: 415 });
  });

  it("refuses truncated or corrupt gzip with 400", async () => {
    const gzipped = gzipSync(Buffer.alloc(2000, 7));
    for (const body of [
      gzipped.subarray(0, gzipped.length - 9),
      gzipped.subarray(0, 5),
      Buffer.from("not gzip at all"),
    ]) {
      const result = await readOtlpBody({
        contentType: "application/x-protobuf",
        contentEncoding: "gzip",
        body,
        ...limits,
      });
      expect(result).toMatchObject({ ok: false, status: 400 });
    }
  });

  it("refuses a body over the limit with 413", async () => {
    const result = await readOtlpBody({
      contentType: "application/x-protobuf",
      body: Buffer.alloc(1025),
      ...limits,
    });
    expect(result).toMatchObject({ ok: false, status: 413 });
  });

  it("stops inflating a gzip bomb at the limit and answers 413", async () => {
    // 256 MiB of zeros compress to about 256 KiB; inflating must stop near 1 MiB.
    const bomb = gzipSync(Buffer.alloc(256 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(512 * 1024);
    const result = await readOtlpBody({
      contentType: "application/x-protobuf",
      contentEncoding: "gzip",
      body: bomb,
      maxBytes: 1024 * 1024,
      maxInflatedBytes: 1024 * 1024,
    });
    expect(result).toEqual({ ok: false, status: 413, message: "body inflates to more than 1048576 bytes" });
  });

  it("accepts a body that inflates to exactly the limit", async () => {
    const body = gzipSync(Buffer.alloc(4096, 1));
    const result = await readOtlpBody({
      contentType: "application/json",
      contentEncoding: "gzip",
      body,
      ...limits,
    });
    expect(result.ok && result.bytes.length).toBe(4096);
  });
});
