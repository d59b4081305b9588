/**
 * One shop instance (a child process of `weft demo`):
 *   node --import tsx lib/demo/app/main.ts <service> <version> <otlp-url> <export-interval-ms>
 * It listens on a free port and prints `listening <port>`; the demo then starts its sidecar and writes
 * `outbound <host:port>` on stdin. Calls to other services go through that sidecar. When stdin closes
 * (the demo ended, however it ended) the instance exits, so no orphan outlives the demo.
 */
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { startTelemetry } from "./telemetry";

const [service = "", version = "v1", otlp = "", interval = "1000"] = process.argv.slice(2);
const sdk = startTelemetry({ service, version, otlp, exportIntervalMs: Number(interval) });
// Loaded only after the SDK started: the HTTP instrumentation patches node:http as it is required.
const { startInstance } = createRequire(import.meta.url)("./instance.ts") as typeof import("./instance");

const instance = await startInstance(service, version);
console.log(`listening ${instance.port}`);

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const [command, address] = line.trim().split(" ");
  if (command === "outbound" && address) instance.setOutbound(address);
});
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  instance.close();
  sdk.shutdown().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
lines.on("close", stop);
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
