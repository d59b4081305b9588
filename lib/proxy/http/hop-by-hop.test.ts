import { describe, expect, it } from "vitest";
import { stripHopByHop } from "./hop-by-hop";

describe("stripHopByHop", () => {
  it("removes the RFC 9110 hop-by-hop fields and those Connection names", () => {
    const out = stripHopByHop({
      host: "svc",
      connection: "keep-alive, X-Trace-Hop, close",
      "keep-alive": "timeout=5",
      "proxy-connection": "keep-alive",
      te: "gzip",
      "transfer-encoding": "chunked",
      upgrade: "h2c",
      "x-trace-hop": "1",
      "proxy-authorization": "Basic abc",
      accept: "*/*",
      cookie: ["a=1", "b=2"],
    });
    expect(out).toEqual({ host: "svc", accept: "*/*", cookie: ["a=1", "b=2"] });
  });

  it("never lets Connection remove Host or Content-Length", () => {
    expect(stripHopByHop({ host: "svc", "content-length": "3", connection: "host, content-length" })).toEqual(
      {
        host: "svc",
        "content-length": "3",
      },
    );
  });

  it("keeps an upgrade being passed through and TE: trailers for gRPC", () => {
    const ws = stripHopByHop(
      { connection: "Upgrade", upgrade: "websocket", "sec-websocket-key": "k" },
      { keepUpgrade: true },
    );
    expect(ws).toEqual({ connection: "upgrade", upgrade: "websocket", "sec-websocket-key": "k" });
    const grpc = stripHopByHop(
      { te: "trailers, deflate", "content-type": "application/grpc" },
      { keepTeTrailers: true },
    );
    expect(grpc).toEqual({ te: "trailers", "content-type": "application/grpc" });
    expect(stripHopByHop({ te: "deflate" }, { keepTeTrailers: true })).toEqual({});
  });
});
