// The OTLP/gRPC listener (WEFT_OTLP_GRPC_PORT, default 4317): TraceService/Export and MetricsService/Export.
// Messages stay raw bytes (our decoders read them directly); grpc-js handles gzip and the size limit.

import {
  Metadata,
  type MethodDefinition,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServiceDefinition,
  type sendUnaryData,
  status,
} from "@grpc/grpc-js";
import { type Listener, PortInUseError } from "@/lib/server/listener";
import { encodeExportResponse, type OtlpSignal } from "../otlp";
import { statusWithRetryInfo } from "./grpc-status-details";
import { GRPC_CODE } from "./http-response";
import type { IngestAuth } from "./ingest-auth";
import type { OtlpIngest } from "./otlp-ingest";
import type { OtlpOutcome } from "./outcome";

const identity = (bytes: Buffer): Buffer => bytes;

function exportMethod(path: string): MethodDefinition<Buffer, Buffer> {
  return {
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  };
}

const TRACE_SERVICE: ServiceDefinition = {
  Export: exportMethod("/opentelemetry.proto.collector.trace.v1.TraceService/Export"),
};
const METRICS_SERVICE: ServiceDefinition = {
  Export: exportMethod("/opentelemetry.proto.collector.metrics.v1.MetricsService/Export"),
};

export async function startOtlpGrpcListener(
  ingest: OtlpIngest,
  auth: IngestAuth,
  options: { host: string; port: number; maxMessageBytes: number },
  log: (line: string) => void,
): Promise<Listener> {
  const server = new Server({
    "grpc.max_receive_message_length": options.maxMessageBytes,
    "grpc.keepalive_time_ms": 60_000,
  });
  const handler =
    (signal: OtlpSignal) => (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
      exportCall(ingest, auth, signal, call)
        .then((outcome) => reply(signal, outcome, callback))
        .catch((error: unknown) => {
          log(`otlp-grpc: export failed: ${String(error)}`);
          callback({ code: status.INTERNAL, details: "internal error" });
        });
    };
  server.addService(TRACE_SERVICE, { Export: handler("traces") });
  server.addService(METRICS_SERVICE, { Export: handler("metrics") });
  const { host } = options;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${shownHost}:${options.port}`, ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
  } catch (error) {
    throw new PortInUseError(
      `cannot listen for OTLP/gRPC on ${host}:${options.port} (${(error as Error).message}); set WEFT_OTLP_GRPC_PORT to another port (0 = any free port)`,
    );
  }
  return {
    name: "otlp-grpc",
    address: `${shownHost}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 5_000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}

async function exportCall(
  ingest: OtlpIngest,
  auth: IngestAuth,
  signal: OtlpSignal,
  call: ServerUnaryCall<Buffer, Buffer>,
): Promise<OtlpOutcome> {
  const authorization = call.metadata.get("authorization")[0];
  const denied = await auth.check(typeof authorization === "string" ? authorization : null);
  if (denied !== null) return denied;
  return ingest.export(signal, "protobuf", call.request);
}

function reply(signal: OtlpSignal, outcome: OtlpOutcome, callback: sendUnaryData<Buffer>): void {
  if (outcome.ok) {
    callback(null, Buffer.from(encodeExportResponse(signal, "protobuf", outcome.partial)));
    return;
  }
  const code = GRPC_CODE[outcome.kind];
  const metadata = new Metadata();
  if (outcome.retryAfterSeconds > 0)
    metadata.set(
      "grpc-status-details-bin",
      statusWithRetryInfo(code, outcome.message, outcome.retryAfterSeconds),
    );
  callback({ code, details: outcome.message, metadata });
}
