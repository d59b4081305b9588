// Decode throughput of the OTLP trace decoders (not a test): `npx tsx tests/bench/decode-spans.ts [spans] [seconds]`.
// Serializes spans once with the OpenTelemetry JS serializers, in export batches of 512 spans (the SDK's
// BatchSpanProcessor default), then decodes every batch repeatedly and reports spans decoded per second.

import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { createDecodeContext } from "../../lib/telemetry/limits";
import { decodeTraceRequestJson } from "../../lib/telemetry/otlp/json/traces";
import { decodeTraceRequestProtobuf } from "../../lib/telemetry/otlp/proto/traces";
import { FIXTURE_NOW_MS, makeManySdkSpans } from "../../lib/telemetry/otlp/testing/sdk-payloads";

const spanCount = Number(process.argv[2] ?? 10_000);
const seconds = Number(process.argv[3] ?? 3);
const batchSize = 512;

const spans = makeManySdkSpans(spanCount);
const protobufBatches: Uint8Array[] = [];
const jsonBatches: Uint8Array[] = [];
for (let i = 0; i < spans.length; i += batchSize) {
  const batch = spans.slice(i, i + batchSize);
  protobufBatches.push(ProtobufTraceSerializer.serializeRequest(batch)!);
  jsonBatches.push(JsonTraceSerializer.serializeRequest(batch)!);
}
const ctx = createDecodeContext(FIXTURE_NOW_MS + spanCount);

function measure(
  name: string,
  batches: Uint8Array[],
  decode: (bytes: Uint8Array) => { rows: unknown[] },
): void {
  // Warm up so the optimizing compiler has seen the code.
  for (let round = 0; round < 3; round++) for (const batch of batches) decode(batch);
  const bytes = batches.reduce((total, batch) => total + batch.length, 0);
  let decoded = 0;
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  let now = started;
  while (now < deadline) {
    for (const batch of batches) decoded += decode(batch).rows.length;
    now = process.hrtime.bigint();
  }
  const elapsed = Number(now - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  // CPU time as well as wall time: on a shared machine the wall-clock rate moves with the neighbours' load.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const perSecond = Math.round(decoded / elapsed).toLocaleString("en-US");
  const perCpuSecond = Math.round(decoded / cpuSeconds).toLocaleString("en-US");
  const megabytes = ((bytes * (decoded / spanCount)) / elapsed / 1e6).toFixed(1);
  console.log(
    `${name.padEnd(9)} ${perSecond.padStart(10)} spans/s wall, ${perCpuSecond.padStart(10)} spans per CPU-second ` +
      `(${megabytes} MB/s, ${(bytes / spanCount).toFixed(0)} bytes/span)`,
  );
}

console.log(
  `${spanCount} spans in batches of ${batchSize}, ${seconds} s per format, node ${process.version}`,
);
measure("protobuf", protobufBatches, (bytes) => decodeTraceRequestProtobuf(bytes, ctx));
measure("json", jsonBatches, (bytes) => decodeTraceRequestJson(bytes, ctx));
