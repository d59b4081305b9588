import { describe, expect, it } from "vitest";
import { forwardedHeaders, setForwardedFast } from "./forwarded";

const base = {
  remoteAddress: "10.0.0.9",
  scheme: "http" as const,
  useRemoteAddress: true,
  xffNumTrustedHops: 0,
  skipXffAppend: false,
};

describe("forwardedHeaders", () => {
  it("at the edge: appends the peer, trusts only the peer, sets the scheme", () => {
    const result = forwardedHeaders({
      ...base,
      headers: { "x-forwarded-for": "1.1.1.1", "x-forwarded-proto": "https" },
    });
    expect(result).toEqual({
      clientAddress: "10.0.0.9",
      set: { "x-forwarded-for": "1.1.1.1, 10.0.0.9", "x-forwarded-proto": "http" },
    });
  });

  it("with trusted hops: the client is that many entries from the right", () => {
    const headers = { "x-forwarded-for": "6.6.6.6, 1.1.1.1, 2.2.2.2", "x-forwarded-proto": "https" };
    expect(forwardedHeaders({ ...base, headers, xffNumTrustedHops: 1 }).clientAddress).toBe("2.2.2.2");
    const two = forwardedHeaders({ ...base, headers, xffNumTrustedHops: 2 });
    expect(two.clientAddress).toBe("1.1.1.1");
    expect(two.set["x-forwarded-proto"]).toBe("https");
    expect(forwardedHeaders({ ...base, headers, xffNumTrustedHops: 5 }).clientAddress).toBe("10.0.0.9");
  });

  it("behind another proxy: reads the last entry and leaves the chain alone", () => {
    const result = forwardedHeaders({
      ...base,
      useRemoteAddress: false,
      headers: { "x-forwarded-for": ["1.1.1.1", "2.2.2.2"] },
    });
    expect(result).toEqual({ clientAddress: "2.2.2.2", set: { "x-forwarded-proto": "http" } });
    expect(forwardedHeaders({ ...base, useRemoteAddress: false, headers: {} }).clientAddress).toBe(
      "10.0.0.9",
    );
  });

  it("honours skip_xff_append, rejects odd proto values and records a rewritten host", () => {
    const result = forwardedHeaders({
      ...base,
      useRemoteAddress: false,
      skipXffAppend: true,
      originalHost: "reviews",
      headers: { "x-forwarded-proto": "gopher", "x-forwarded-host": "edge.example.com" },
    });
    expect(result.set).toEqual({
      "x-forwarded-proto": "http",
      "x-forwarded-host": "edge.example.com, reviews",
    });
    expect(
      forwardedHeaders({ ...base, skipXffAppend: true, headers: {} }).set["x-forwarded-for"],
    ).toBeUndefined();
  });
});

describe("setForwardedFast", () => {
  it("agrees with forwardedHeaders for a sidecar (remote address used, nothing trusted)", () => {
    for (const xff of [undefined, "10.0.0.1", "10.0.0.1, 10.0.0.2", ["10.0.0.1", "10.0.0.2"]]) {
      const headers = { "x-forwarded-for": xff, "x-forwarded-proto": "https" };
      const out: Record<string, string | string[]> = {};
      setForwardedFast(out, headers, "127.0.0.9", "http");
      const slow = forwardedHeaders({
        headers,
        remoteAddress: "127.0.0.9",
        scheme: "http",
        useRemoteAddress: true,
        xffNumTrustedHops: 0,
        skipXffAppend: false,
      });
      expect(out).toEqual(slow.set);
    }
  });
});
