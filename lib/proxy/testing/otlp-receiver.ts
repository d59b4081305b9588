/**
 * A test OTLP/HTTP receiver: what sidecars export, decoded with ingest's own decoders, kept in arrays the
 * test reads (so exports are checked against the same code weft server runs).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createDecodeContext } from "@/lib/telemetry/limits";
import { decodeMetricsRequestProtobuf, decodeTraceRequestProtobuf } from "@/lib/telemetry/otlp";
import type { MetricPointRow, SpanRow } from "@/lib/telemetry/rows";

export interface OtlpReceiver {
  /** Base URL for `--otlp`. */
  readonly url: string;
  readonly spans: SpanRow[];
  readonly points: MetricPointRow[];
  /** Content types of the exports received. */
  readonly contentTypes: Set<string>;
  close(): void;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: SpanRow[] = [];
  const points: MetricPointRow[] = [];
  const contentTypes = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      contentTypes.add(String(req.headers["content-type"]));
      const body = Buffer.concat(chunks);
      const ctx = createDecodeContext(Date.now());
      if (req.url === "/v1/traces") spans.push(...decodeTraceRequestProtobuf(body, ctx).rows);
      if (req.url === "/v1/metrics") points.push(...decodeMetricsRequestProtobuf(body, ctx).rows);
      res.writeHead(200, { "content-type": "application/x-protobuf" }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    points,
    contentTypes,
    close: () => server.close(),
  };
}
