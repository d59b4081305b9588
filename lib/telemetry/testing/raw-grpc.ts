// Sends arbitrary bytes to the OTLP/gRPC Export methods, for tests of bad input. Test support only.

import { Client, credentials, Metadata, type ServiceError } from "@grpc/grpc-js";

const PATHS = {
  traces: "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
  metrics: "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export",
} as const;

export interface RawGrpcResult {
  /** gRPC status code: 0 OK. */
  code: number;
  details: string;
  response: Buffer | null;
  /** Trailing metadata of a failed call (e.g. grpc-status-details-bin). */
  metadata: Metadata | null;
}

export function exportRawGrpc(
  address: string,
  signal: keyof typeof PATHS,
  body: Uint8Array,
  headers: Record<string, string> = {},
): Promise<RawGrpcResult> {
  const client = new Client(address, credentials.createInsecure());
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
  const identity = (bytes: Buffer) => bytes;
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      PATHS[signal],
      identity,
      identity,
      Buffer.from(body),
      metadata,
      (error: ServiceError | null, response?: Buffer) => {
        client.close();
        if (error)
          resolve({ code: error.code, details: error.details, response: null, metadata: error.metadata });
        else resolve({ code: 0, details: "", response: response ?? null, metadata: null });
      },
    );
  });
}
