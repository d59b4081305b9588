// A tiny HTTP service instrumented with the OpenTelemetry Node SDK and its HTTP auto-instrumentation,
// exporting spans over OTLP/HTTP protobuf. Test support only, run as its own process:
//   SERVICE_NAME=front OTLP_ENDPOINT=http://127.0.0.1:4318 DOWNSTREAM=http://127.0.0.1:8081/stock \
//     node --import tsx lib/telemetry/testing/instrumented-service.ts
// It prints "listening <port>"; every request it serves first calls DOWNSTREAM (when set).

import type * as Http from "node:http";
import { createRequire } from "node:module";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { NodeSDK } from "@opentelemetry/sdk-node";

const serviceName = process.env.SERVICE_NAME ?? "instrumented";
const downstream = process.env.DOWNSTREAM;
const sdk = new NodeSDK({
  serviceName,
  traceExporter: new OTLPTraceExporter({ url: `${process.env.OTLP_ENDPOINT}/v1/traces` }),
  instrumentations: [new HttpInstrumentation()],
});
sdk.start();
// Loaded after start() so that the instrumentation has patched it.
const http = createRequire(import.meta.url)("node:http") as typeof Http;

function callDownstream(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      })
      .on("error", reject);
  });
}

const server = http.createServer((request, response) => {
  const work = downstream ? callDownstream(downstream) : Promise.resolve(200);
  work.then(
    (status) => response.writeHead(status === 200 ? 200 : 502).end(`${serviceName} ok\n`),
    () => response.writeHead(502).end("downstream failed\n"),
  );
  request.resume();
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
});

process.on("SIGTERM", () => {
  server.close();
  sdk.shutdown().finally(() => process.exit(0));
});
