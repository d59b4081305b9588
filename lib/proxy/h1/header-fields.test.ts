import { describe, expect, it } from "vitest";
import {
  headerLines,
  headersFromRaw,
  httpDate,
  InvalidHeaderError,
  keepAliveTimeoutMs,
  saysClose,
} from "./header-fields";

describe("headersFromRaw", () => {
  it("merges repeats as IncomingMessage does", () => {
    const headers = headersFromRaw([
      "Host",
      "a",
      "HOST",
      "b",
      "X-List",
      "1",
      "x-list",
      "2",
      "Cookie",
      "a=1",
      "cookie",
      "b=2",
      "Set-Cookie",
      "s=1",
      "set-cookie",
      "t=2",
      "Content-Type",
      "text/plain",
      "content-type",
      "application/json",
    ]);
    expect(headers).toEqual({
      host: "a",
      "x-list": "1, 2",
      cookie: "a=1; b=2",
      "set-cookie": ["s=1", "t=2"],
      "content-type": "text/plain",
    });
  });
});

describe("headerLines", () => {
  it("writes one line per value and skips what the caller frames itself", () => {
    const text = headerLines(
      { a: "1", b: ["2", "3"], "content-length": 4, connection: "close", gone: undefined },
      (name) => name === "connection",
    );
    expect(text).toBe("a: 1\r\nb: 2\r\nb: 3\r\ncontent-length: 4\r\n");
  });

  it("refuses a value that would start another header line", () => {
    expect(() => headerLines({ "x-evil": "a\r\nx-injected: 1" }, () => false)).toThrow(InvalidHeaderError);
    expect(() => headerLines({ "x-evil": ["ok", "b\nc"] }, () => false)).toThrow(/x-evil/);
  });
});

describe("connection fields", () => {
  it("finds close in a Connection list", () => {
    expect(saysClose("close")).toBe(true);
    expect(saysClose("keep-alive, Close")).toBe(true);
    expect(saysClose(["upgrade", "close"])).toBe(true);
    expect(saysClose("keep-alive")).toBe(false);
    expect(saysClose("closed")).toBe(false);
    expect(saysClose(undefined)).toBe(false);
  });

  it("reads the Keep-Alive timeout hint in milliseconds", () => {
    expect(keepAliveTimeoutMs("timeout=5")).toBe(5_000);
    expect(keepAliveTimeoutMs("max=100, timeout=60")).toBe(60_000);
    expect(keepAliveTimeoutMs("max=100")).toBeUndefined();
    expect(keepAliveTimeoutMs(undefined)).toBeUndefined();
  });

  it("formats the Date header once per second", () => {
    expect(httpDate(Date.UTC(2026, 10, 21, 8, 0, 0, 100))).toBe("Sat, 21 Nov 2026 08:00:00 GMT");
    expect(httpDate(Date.UTC(2026, 10, 21, 8, 0, 0, 900))).toBe("Sat, 21 Nov 2026 08:00:00 GMT");
    expect(httpDate(Date.UTC(2026, 10, 21, 8, 0, 1, 0))).toBe("Sat, 21 Nov 2026 08:00:01 GMT");
  });
});
