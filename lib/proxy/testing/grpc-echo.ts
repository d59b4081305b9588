/**
 * A gRPC echo service for the proxy's tests, defined in code with JSON messages (no .proto needed):
 * unary, server-streaming and bidirectional calls, trailers and error statuses. Test support only.
 */
import * as grpc from "@grpc/grpc-js";

export interface EchoMessage {
  text: string;
  /** Metadata the server saw, returned on unary calls. */
  seen?: Record<string, string>;
}

const json = {
  serialize: (value: EchoMessage) => Buffer.from(JSON.stringify(value)),
  deserialize: (bytes: Buffer) => JSON.parse(bytes.toString()) as EchoMessage,
};

function method(name: string, requestStream: boolean, responseStream: boolean) {
  return {
    path: `/weft.test.Echo/${name}`,
    requestStream,
    responseStream,
    requestSerialize: json.serialize,
    requestDeserialize: json.deserialize,
    responseSerialize: json.serialize,
    responseDeserialize: json.deserialize,
  };
}

export const ECHO_SERVICE = {
  Unary: method("Unary", false, false),
  ServerStream: method("ServerStream", false, true),
  Chat: method("Chat", true, true),
} satisfies grpc.ServiceDefinition;

export interface EchoServer {
  readonly port: number;
  close(): void;
}

/** Unary echoes (status from a "fail:<code>" text); ServerStream sends `count` replies; Chat echoes each. */
export async function startEchoServer(name: string): Promise<EchoServer> {
  const server = new grpc.Server();
  server.addService(ECHO_SERVICE, {
    Unary: (
      call: grpc.ServerUnaryCall<EchoMessage, EchoMessage>,
      callback: grpc.sendUnaryData<EchoMessage>,
    ) => {
      const fail = /^fail:(\d+)$/.exec(call.request.text);
      if (fail) {
        callback({ code: Number(fail[1]), details: `failed on purpose by ${name}` });
        return;
      }
      const seen: Record<string, string> = {};
      for (const [key, value] of Object.entries(call.metadata.getMap())) seen[key] = String(value);
      const trailer = new grpc.Metadata();
      trailer.set("x-served-by", name);
      callback(null, { text: `${name}: ${call.request.text}`, seen }, trailer);
    },
    ServerStream: (call: grpc.ServerWritableStream<EchoMessage, EchoMessage>) => {
      const count = Number(call.request.text);
      for (let i = 0; i < count; i++) call.write({ text: `${name} #${i}` });
      call.end();
    },
    Chat: (call: grpc.ServerDuplexStream<EchoMessage, EchoMessage>) => {
      call.on("data", (message: EchoMessage) => call.write({ text: `${name}: ${message.text}` }));
      call.on("end", () => call.end());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { port, close: () => server.forceShutdown() };
}

/** A client that sends everything to `address` (a sidecar's outbound port) with `authority`. */
export function echoClient(address: string, authority: string): grpc.Client {
  return new grpc.Client(address, grpc.credentials.createInsecure(), { "grpc.default_authority": authority });
}

export function unary(
  client: grpc.Client,
  text: string,
  metadata = new grpc.Metadata(),
): Promise<{ reply?: EchoMessage; error?: grpc.ServiceError; trailers?: grpc.Metadata }> {
  const m = ECHO_SERVICE.Unary;
  return new Promise((resolve) => {
    let trailers: grpc.Metadata | undefined;
    const call = client.makeUnaryRequest<EchoMessage, EchoMessage>(
      m.path,
      m.requestSerialize,
      m.responseDeserialize,
      { text },
      metadata,
      { deadline: Date.now() + 5_000 },
      (error, reply) =>
        // The status (with trailers) is emitted after the callback; wait a tick for it.
        setImmediate(() =>
          resolve({ ...(reply && { reply }), ...(error && { error }), ...(trailers && { trailers }) }),
        ),
    );
    call.on("status", (status) => {
      trailers = status.metadata;
    });
  });
}
