import { describe, expect, it } from "vitest";
import { validateRequestHead } from "./request-head";

const host = ["Host", "svc"];

describe("validateRequestHead", () => {
  it("accepts a plain request and reports its framing", () => {
    expect(validateRequestHead("1.1", [...host])).toEqual({ ok: true, framing: { kind: "none" } });
    expect(validateRequestHead("1.1", [...host, "Content-Length", "42"])).toEqual({
      ok: true,
      framing: { kind: "length", length: 42 },
    });
    expect(validateRequestHead("1.1", [...host, "Transfer-Encoding", "chunked"])).toEqual({
      ok: true,
      framing: { kind: "chunked" },
    });
  });

  it.each<[string, string[], number, string]>([
    [
      "CL and TE together",
      [...host, "Content-Length", "5", "Transfer-Encoding", "chunked"],
      400,
      "both Content-Length and Transfer-Encoding",
    ],
    [
      "TE then CL",
      [...host, "Transfer-Encoding", "chunked", "Content-Length", "5"],
      400,
      "both Content-Length and Transfer-Encoding",
    ],
    [
      "duplicate CL headers",
      [...host, "Content-Length", "5", "Content-Length", "5"],
      400,
      "duplicate Content-Length",
    ],
    [
      "differing CL headers",
      [...host, "Content-Length", "5", "Content-Length", "6"],
      400,
      "conflicting Content-Length values",
    ],
    ["CL list", [...host, "Content-Length", "5, 7"], 400, "conflicting Content-Length values"],
    ["signed CL", [...host, "Content-Length", "+5"], 400, 'invalid Content-Length "+5"'],
    ["hex CL", [...host, "Content-Length", "0x10"], 400, 'invalid Content-Length "0x10"'],
    [
      "TE not ending in chunked",
      [...host, "Transfer-Encoding", "chunked, gzip"],
      400,
      "Transfer-Encoding does not end with chunked",
    ],
    [
      "obfuscated TE",
      [...host, "Transfer-Encoding", "xchunked"],
      400,
      "Transfer-Encoding does not end with chunked",
    ],
    [
      "chunked twice",
      [...host, "Transfer-Encoding", "chunked", "Transfer-Encoding", "chunked"],
      400,
      "chunked applied more than once",
    ],
    [
      "other coding",
      [...host, "Transfer-Encoding", "gzip, chunked"],
      501,
      'unsupported transfer coding "gzip"',
    ],
    ["invalid name", [...host, "Bad Header", "x"], 400, 'invalid header name "Bad Header"'],
    ["name with colon", [...host, "x:y", "x"], 400, 'invalid header name "x:y"'],
    ["CR in value", [...host, "X-A", "a\r\nInjected: 1"], 400, 'invalid character in header "x-a" value'],
    ["NUL in value", [...host, "X-A", "a\0b"], 400, 'invalid character in header "x-a" value'],
    ["missing host", ["Accept", "*/*"], 400, "missing Host header"],
    ["two hosts", [...host, "Host", "other"], 400, "multiple Host headers"],
  ])("rejects %s", (_name, raw, status, reason) => {
    expect(validateRequestHead("1.1", raw)).toEqual({ ok: false, status, reason });
  });

  it("rejects Transfer-Encoding in HTTP/1.0", () => {
    expect(validateRequestHead("1.0", ["Transfer-Encoding", "chunked"])).toEqual({
      ok: false,
      status: 400,
      reason: "Transfer-Encoding in an HTTP/1.0 request",
    });
    expect(validateRequestHead("1.0", [])).toEqual({ ok: true, framing: { kind: "none" } });
  });

  it("answers 431 for too many or too large headers", () => {
    const many = Array.from({ length: 101 }, (_, i) => [`x-h${i}`, "v"]).flat();
    expect(validateRequestHead("1.1", [...host, ...many])).toMatchObject({
      ok: false,
      status: 431,
      reason: "too many headers (102 > 100)",
    });
    const big = [...host, "x-big", "a".repeat(2000)];
    expect(validateRequestHead("1.1", big, { maxHeaderBytes: 1024, maxHeaderCount: 100 })).toMatchObject({
      ok: false,
      status: 431,
      reason: "headers exceed 1024 bytes",
    });
  });

  it("enforces HTTP/2 rules on connection-specific headers", () => {
    expect(validateRequestHead("2.0", [":authority", "svc", "te", "trailers"])).toMatchObject({ ok: true });
    expect(validateRequestHead("2.0", [":authority", "svc", "te", "gzip"])).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(validateRequestHead("2.0", [":authority", "svc", "connection", "close"])).toEqual({
      ok: false,
      status: 400,
      reason: 'connection-specific header "connection" is not allowed in HTTP/2',
    });
  });

  it("allows tabs and obs-text in values", () => {
    expect(validateRequestHead("1.1", [...host, "X-A", "a\tb é"])).toMatchObject({ ok: true });
  });
});
