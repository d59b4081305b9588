import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningProxy } from "@/lib/proxy/proxy";
import {
  type ControlPlane,
  instance,
  splitAddress,
  startApp,
  startControlPlane,
  type TestApp,
  testProxy,
  waitFor,
} from "@/lib/proxy/testing/harness";

// A WebSocket handshake (RFC 6455 §4) through two sidecars, then bytes both ways on the spliced connection.

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const accept = (key: string) =>
  createHash("sha1")
    .update(key + GUID)
    .digest("base64");

let cp: ControlPlane;
let wsServer: http.Server;
let callerApp: TestApp;
let caller: RunningProxy;
let callee: RunningProxy;
const seenHeaders: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  cp = await startControlPlane();
  wsServer = http.createServer((_req, res) => res.end("not a websocket"));
  wsServer.on("upgrade", (req: http.IncomingMessage, socket: Duplex) => {
    seenHeaders.push(req.headers);
    socket.write(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        `Sec-WebSocket-Accept: ${accept(String(req.headers["sec-websocket-key"]))}\r\n\r\n`,
    );
    // Echo every byte back, upper-cased, so the test can tell the server answered.
    socket.on("data", (chunk: Buffer) => socket.write(chunk.toString().toUpperCase()));
  });
  await new Promise<void>((resolve) => wsServer.listen(0, "127.0.0.1", resolve));
  const port = (wsServer.address() as AddressInfo).port;
  callerApp = await startApp("caller");
  callee = await testProxy(cp, { service: "chat", app: { host: "127.0.0.1", port } });
  caller = await testProxy(cp, { service: "caller", app: callerApp });
  cp.publish(
    "services:\n  - name: caller\n  - name: chat\n",
    [instance("chat", callee)],
    [caller.nodeId, callee.nodeId],
  );
  await waitFor(() => caller.ready() && callee.ready(), "ready");
});

afterAll(async () => {
  await Promise.all([caller.close(), callee.close()]);
  wsServer.close();
  wsServer.closeAllConnections();
  await callerApp.close();
  await cp.stop();
});

describe("WebSocket upgrade pass-through", () => {
  it("completes the handshake end to end and splices the connection", async () => {
    const [host, port] = splitAddress(caller.outbound);
    const key = Buffer.from("weft-websocket-k").toString("base64");
    const { response, socket } = await new Promise<{ response: http.IncomingMessage; socket: Duplex }>(
      (resolve, reject) => {
        const req = http.request({
          host,
          port,
          path: "/socket",
          headers: {
            host: "chat",
            connection: "Upgrade",
            upgrade: "websocket",
            "sec-websocket-key": key,
            "sec-websocket-version": "13",
          },
        });
        req.on("upgrade", (res, s) => resolve({ response: res, socket: s }));
        req.on("response", (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
        req.on("error", reject);
        req.end();
      },
    );
    expect(response.statusCode).toBe(101);
    expect(response.headers["sec-websocket-accept"]).toBe(accept(key));
    expect(seenHeaders[0]?.["sec-websocket-key"]).toBe(key);
    expect(seenHeaders[0]?.["x-envoy-downstream-service-cluster"]).toBe("caller");
    let received = "";
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString();
    });
    socket.write("hello ");
    await waitFor(() => received === "HELLO ", "first echo");
    socket.write("again");
    await waitFor(() => received === "HELLO AGAIN", "second echo");
    socket.destroy();
  });

  it("relays a refused upgrade as an ordinary response", async () => {
    const [host, port] = splitAddress(caller.outbound);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({
        host,
        port,
        path: "/",
        headers: { host: "nowhere", connection: "Upgrade", upgrade: "websocket" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("upgrade", () => reject(new Error("unexpected upgrade")));
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(404);
  });
});
