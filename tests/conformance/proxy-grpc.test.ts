import http2 from "node:http2";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningProxy } from "@/lib/proxy/proxy";
import {
  ECHO_SERVICE,
  type EchoMessage,
  type EchoServer,
  echoClient,
  startEchoServer,
  unary,
} from "@/lib/proxy/testing/grpc-echo";
import {
  type ControlPlane,
  instance,
  startApp,
  startControlPlane,
  type TestApp,
  testProxy,
  waitFor,
} from "@/lib/proxy/testing/harness";

// gRPC (HTTP/2 cleartext with prior knowledge, trailers, streaming) through two sidecars: a grpc-js client
// → caller sidecar's outbound listener → callee sidecar's inbound listener → grpc-js server. Plain HTTP/2
// requests take the same path.

let cp: ControlPlane;
let echo: EchoServer;
let plainApp: TestApp;
let callerApp: TestApp;
let caller: RunningProxy;
let callee: RunningProxy;
let plain: RunningProxy;
let client: grpc.Client;

beforeAll(async () => {
  cp = await startControlPlane();
  echo = await startEchoServer("echo-1");
  plainApp = await startApp("plain");
  callerApp = await startApp("caller");
  callee = await testProxy(cp, { service: "echo", app: { host: "127.0.0.1", port: echo.port } });
  plain = await testProxy(cp, { service: "plain", app: plainApp });
  caller = await testProxy(cp, { service: "caller", app: callerApp });
  cp.publish(
    `
services:
  - name: caller
  - name: plain
  - name: echo
    routes:
      - name: faulted
        match: { headers: [{ name: x-fault, present: true }] }
        destinations: [{ service: echo }]
        fault: { abort: { percentage: 100, grpcStatus: 14 } }
      - name: rpc
        destinations: [{ service: echo }]
`,
    [instance("echo", callee), instance("plain", plain)],
    [caller.nodeId, callee.nodeId, plain.nodeId],
  );
  await waitFor(() => caller.ready() && callee.ready(), "ready");
  client = echoClient(caller.outbound, "echo");
});

afterAll(async () => {
  client.close();
  await Promise.all([caller, callee, plain].map((p) => p.close()));
  echo.close();
  await plainApp.close();
  await callerApp.close();
  await cp.stop();
});

describe("gRPC through two sidecars", () => {
  it("carries a unary call, its metadata and its trailers", async () => {
    const metadata = new grpc.Metadata();
    metadata.set("x-user", "ada");
    const { reply, error, trailers } = await unary(client, "hello", metadata);
    expect(error).toBeUndefined();
    expect(reply?.text).toBe("echo-1: hello");
    expect(reply?.seen?.["x-user"]).toBe("ada");
    expect(reply?.seen?.["x-envoy-downstream-service-cluster"]).toBe("caller");
    expect(trailers?.get("x-served-by")).toEqual(["echo-1"]);
  });

  it("passes an error status and its message through unchanged", async () => {
    const { error } = await unary(client, "fail:5");
    expect(error?.code).toBe(grpc.status.NOT_FOUND);
    expect(error?.details).toBe("failed on purpose by echo-1");
  });

  it("streams server responses", async () => {
    const m = ECHO_SERVICE.ServerStream;
    const call = client.makeServerStreamRequest<EchoMessage, EchoMessage>(
      m.path,
      m.requestSerialize,
      m.responseDeserialize,
      { text: "50" },
    );
    const texts: string[] = [];
    call.on("data", (message: EchoMessage) => texts.push(message.text));
    const status = await new Promise<grpc.StatusObject>((resolve) => call.on("status", resolve));
    expect(status.code).toBe(grpc.status.OK);
    expect(texts).toHaveLength(50);
    expect(texts[49]).toBe("echo-1 #49");
  });

  it("streams both ways, each reply arriving before the next request is sent", async () => {
    const m = ECHO_SERVICE.Chat;
    const call = client.makeBidiStreamRequest<EchoMessage, EchoMessage>(
      m.path,
      m.requestSerialize,
      m.responseDeserialize,
    );
    const replies: string[] = [];
    let waiting: (() => void) | undefined;
    call.on("data", (message: EchoMessage) => {
      replies.push(message.text);
      waiting?.();
    });
    for (let i = 0; i < 20; i++) {
      const next = new Promise<void>((resolve) => {
        waiting = resolve;
      });
      call.write({ text: `m${i}` });
      await next;
    }
    call.end();
    const status = await new Promise<grpc.StatusObject>((resolve) => call.on("status", resolve));
    expect(status.code).toBe(grpc.status.OK);
    expect(replies).toEqual(Array.from({ length: 20 }, (_, i) => `echo-1: m${i}`));
  });

  it("injects a gRPC status fault as a trailers-only response", async () => {
    const metadata = new grpc.Metadata();
    metadata.set("x-fault", "1");
    const { error } = await unary(client, "hello", metadata);
    expect(error?.code).toBe(grpc.status.UNAVAILABLE);
    expect(error?.metadata.get("x-weft-reason")).toEqual(["fault_abort"]);
  });

  it("answers an unknown service with a gRPC status instead of an HTTP error", async () => {
    const stranger = echoClient(caller.outbound, "nowhere");
    const { error } = await unary(stranger, "hello");
    stranger.close();
    expect(error?.code).toBe(grpc.status.UNIMPLEMENTED);
    expect(error?.details).toMatch(/no service named 'nowhere'/);
  });
});

describe("plain HTTP/2 with prior knowledge", () => {
  it("is routed like HTTP/1.1 and reaches an HTTP/1.1 app", async () => {
    const session = http2.connect(`http://${caller.outbound}`);
    const result = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const stream = session.request({ ":path": "/h2", ":authority": "plain" });
      let status = 0;
      let body = "";
      stream.on("response", (headers) => {
        status = Number(headers[":status"]);
      });
      stream.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      stream.on("end", () => resolve({ status, body }));
      stream.on("error", reject);
      stream.end();
    });
    session.close();
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ app: "plain", path: "/h2" });
  });
});
