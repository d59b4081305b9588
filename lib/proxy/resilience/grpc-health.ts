/**
 * The gRPC health checking protocol (grpc.health.v1.Health/Check) as Envoy's grpc_health_check uses it:
 * the request message, and the verdict on a response — HTTP 200, grpc-status 0 and a HealthCheckResponse
 * saying SERVING pass; anything else fails (pure functions; the probe's I/O is in runtime/h2-probe.ts).
 */
import type { CheckResult } from "./health-state";

export const GRPC_HEALTH_PATH = "/grpc.health.v1.Health/Check";

/** HealthCheckResponse.ServingStatus.SERVING. */
const SERVING = 1;

/** A length-prefixed gRPC message holding HealthCheckRequest { service = 1 }. */
export function grpcHealthRequest(service: string): Buffer {
  const name = Buffer.from(service, "utf8");
  const field =
    name.length === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x0a]), varint(name.length), name]);
  const frame = Buffer.alloc(5 + field.length);
  frame.writeUInt32BE(field.length, 1);
  field.copy(frame, 5);
  return frame;
}

export interface GrpcHealthResponse {
  readonly status: number;
  /** From the trailers, or the headers of a trailers-only response; undefined when neither had one. */
  readonly grpcStatus: number | undefined;
  readonly body: Buffer;
}

export function grpcHealthVerdict(response: GrpcHealthResponse): CheckResult {
  if (response.status !== 200 || response.grpcStatus !== 0) return "failure";
  return servingStatus(response.body) === SERVING ? "success" : "failure";
}

/** The status field of the one uncompressed HealthCheckResponse in `body`, or undefined if malformed. */
export function servingStatus(body: Buffer): number | undefined {
  if (body.length < 5 || body[0] !== 0) return undefined;
  const length = body.readUInt32BE(1);
  if (body.length !== 5 + length) return undefined;
  let status = 0; // proto3: an absent field is UNKNOWN
  let at = 5;
  while (at < body.length) {
    const tag = readVarint(body, at);
    if (!tag) return undefined;
    at = tag.next;
    const wireType = tag.value & 7;
    if (wireType === 0) {
      const value = readVarint(body, at);
      if (!value) return undefined;
      at = value.next;
      if (tag.value >> 3 === 1) status = value.value;
    } else if (wireType === 2) {
      const length = readVarint(body, at);
      if (!length || length.next + length.value > body.length) return undefined;
      at = length.next + length.value;
    } else if (wireType === 5 || wireType === 1) at += wireType === 5 ? 4 : 8;
    else return undefined;
  }
  return at === body.length ? status : undefined;
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** Varints up to 2^35 (health fields are small; longer ones are treated as malformed). */
function readVarint(buffer: Buffer, start: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let i = 0; i < 5 && start + i < buffer.length; i++) {
    const byte = buffer[start + i]!;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if (byte < 0x80) return { value, next: start + i + 1 };
  }
  return undefined;
}
