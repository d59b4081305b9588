import { describe, expect, it } from "vitest";
import { forwardableHeaders } from "./forwardable";

describe("forwardableHeaders", () => {
  it("drops pseudo-headers, hop-by-hop fields, Host and what Connection names", () => {
    const out = forwardableHeaders({
      ":path": "/x",
      host: "reviews",
      connection: "keep-alive, x-secret",
      "keep-alive": "timeout=5",
      "transfer-encoding": "chunked",
      "x-secret": "1",
      "proxy-authorization": "Basic abc",
      "content-length": "3",
      accept: ["a", "b"],
    });
    expect(out).toEqual({ "content-length": "3", accept: ["a", "b"] });
  });

  it("a Connection of only keep-alive or close drops the field of that name, as any other would", () => {
    for (const connection of ["keep-alive", " Keep-Alive ", "close", "CLOSE"])
      expect(
        forwardableHeaders({ connection, "keep-alive": "timeout=5", close: "1", accept: "*/*" }),
      ).toEqual(
        connection.trim().toLowerCase() === "close" ? { accept: "*/*" } : { close: "1", accept: "*/*" },
      );
    expect(forwardableHeaders({ connection: "close, x-a", "x-a": "1", close: "1", accept: "*/*" })).toEqual({
      accept: "*/*",
    });
  });

  it("keeps te: trailers for gRPC and the upgrade handshake when asked", () => {
    expect(forwardableHeaders({ te: "trailers" }, { keepTeTrailers: true })).toEqual({ te: "trailers" });
    expect(forwardableHeaders({ te: "gzip" }, { keepTeTrailers: true })).toEqual({});
    expect(
      forwardableHeaders({ connection: "Upgrade", upgrade: "websocket" }, { keepUpgrade: true }),
    ).toEqual({ connection: "upgrade", upgrade: "websocket" });
  });

  it("never lets Connection remove Content-Length", () => {
    expect(forwardableHeaders({ connection: "content-length", "content-length": "5" })).toEqual({
      "content-length": "5",
    });
  });
});
