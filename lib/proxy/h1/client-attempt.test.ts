import { describe, expect, it } from "vitest";
import type { AttemptSpec } from "../upstream/attempt";
import { FixedBody } from "../upstream/body-tee";
import { requestHead } from "./client-attempt";

const spec = (overrides: Partial<AttemptSpec>): AttemptSpec => ({
  protocol: "h1",
  address: "127.0.0.1",
  port: 80,
  method: "GET",
  path: "/p?q=1",
  authority: "reviews:9080",
  scheme: "http",
  headers: { accept: "*/*" },
  body: undefined,
  connectTimeoutMs: 1_000,
  ...overrides,
});

describe("requestHead", () => {
  it("puts the authority first as host and ends with an empty line", () => {
    expect(requestHead(spec({ headers: { host: "ignored", accept: "*/*" } }), false)).toBe(
      "GET /p?q=1 HTTP/1.1\r\nhost: reviews:9080\r\naccept: */*\r\n\r\n",
    );
  });

  it("frames a body without Content-Length as chunked, and drops framing fields it was given", () => {
    const head = requestHead(
      spec({
        method: "POST",
        headers: { "transfer-encoding": "gzip", connection: "x" },
        body: new FixedBody(Buffer.from("x")),
      }),
      true,
    );
    expect(head).toBe("POST /p?q=1 HTTP/1.1\r\nhost: reviews:9080\r\ntransfer-encoding: chunked\r\n\r\n");
  });

  it("sends content-length: 0 for a bodiless POST, as node:http does, but not for GET", () => {
    expect(requestHead(spec({ method: "POST", headers: {} }), false)).toContain("content-length: 0\r\n");
    expect(requestHead(spec({ method: "GET", headers: {} }), false)).not.toContain("content-length");
  });
});
