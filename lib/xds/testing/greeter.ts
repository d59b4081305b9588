import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

// Tiny greeter servers and a typed client call for tests that need real gRPC backends behind xDS.
// The proto lives beside the conformance tests (tests/conformance/xds-greeter.proto).

const GREETER_PROTO = fileURLToPath(new URL("../../../tests/conformance/xds-greeter.proto", import.meta.url));

interface HelloRequest {
  name: string;
}
interface HelloReply {
  server: string;
}

let loaded: grpc.ServiceDefinition | undefined;

function greeterService(): grpc.ServiceDefinition {
  if (loaded) return loaded;
  const definition = protoLoader.loadSync(GREETER_PROTO, { keepCase: true });
  const service = definition["weft.test.Greeter"];
  if (!service || !("SayHello" in service))
    throw new Error(`weft.test.Greeter not found in ${GREETER_PROTO}`);
  loaded = service as grpc.ServiceDefinition;
  return loaded;
}

export interface GreeterServer {
  name: string;
  port: number;
  close(): void;
}

/** A greeter on 127.0.0.1 with a free port, answering every call with `name`. */
export async function startGreeter(name: string): Promise<GreeterServer> {
  const server = new grpc.Server();
  server.addService(greeterService(), {
    SayHello: (
      _call: grpc.ServerUnaryCall<HelloRequest, HelloReply>,
      callback: grpc.sendUnaryData<HelloReply>,
    ) => callback(null, { server: name }),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { name, port, close: () => server.forceShutdown() };
}

/** A plain grpc-js client for `target` (e.g. "xds:///greeter" once grpc-js-xds is registered). */
export function greeterClient(target: string): grpc.Client {
  return new grpc.Client(target, grpc.credentials.createInsecure());
}

/** One SayHello call; resolves with the answering server's name. */
export function sayHello(client: grpc.Client, name: string, timeoutMs = 5_000): Promise<string> {
  const method = greeterService().SayHello;
  if (!method) throw new Error("SayHello missing");
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest<HelloRequest, HelloReply>(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      { name },
      { deadline: Date.now() + timeoutMs },
      (error, reply) => (error || !reply ? reject(error ?? new Error("empty reply")) : resolve(reply.server)),
    );
  });
}

/** The outcome of one call: the answering server, or the gRPC status code of the failure. */
export type CallOutcome = { server: string } | { code: number; details: string };

/** One SayHello call with request metadata (e.g. a header a route matches); never rejects. */
export function callGreeter(
  client: grpc.Client,
  headers: Record<string, string> = {},
  timeoutMs = 5_000,
): Promise<CallOutcome> {
  const method = greeterService().SayHello;
  if (!method) throw new Error("SayHello missing");
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
  return new Promise((resolve) => {
    client.makeUnaryRequest<HelloRequest, HelloReply>(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      { name: "outcome" },
      metadata,
      { deadline: Date.now() + timeoutMs },
      (error, reply) =>
        resolve(
          error || !reply
            ? { code: error?.code ?? grpc.status.UNKNOWN, details: error?.details ?? "empty reply" }
            : { server: reply.server },
        ),
    );
  });
}
