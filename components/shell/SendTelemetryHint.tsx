/** The OTLP ports of this server, passed from a server component to client pages. */
export interface OtlpPorts {
  http: number;
  grpc: number;
}

/** How to send data, with this server's actual ports. */
export function SendTelemetryHint({
  otlpHttpPort,
  otlpGrpcPort,
}: {
  otlpHttpPort: number;
  otlpGrpcPort: number;
}) {
  return (
    <>
      <p>Point any OpenTelemetry SDK or Collector at this server:</p>
      <pre className="panel">
        {`OTEL_EXPORTER_OTLP_ENDPOINT=http://<this host>:${otlpHttpPort}   # OTLP/HTTP (protobuf or JSON)
OTEL_EXPORTER_OTLP_PROTOCOL=grpc  and port ${otlpGrpcPort}            # OTLP/gRPC`}
      </pre>
      <p>
        Or run a Weft sidecar next to each service (<code>weft proxy</code>); it reports spans and request
        metrics on its own.
      </p>
    </>
  );
}
