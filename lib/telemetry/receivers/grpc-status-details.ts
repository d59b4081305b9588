// The `grpc-status-details-bin` trailer: a google.rpc.Status whose details carry a google.rpc.RetryInfo.
// OTLP/gRPC clients retry RESOURCE_EXHAUSTED only when RetryInfo is present, and use its delay.

import { ProtoWriter } from "../otlp/proto/writer";

const RETRY_INFO_TYPE_URL = "type.googleapis.com/google.rpc.RetryInfo";

/** google.rpc.Status { code = 1; message = 2; details = 3 (Any) } with one RetryInfo detail. */
export function statusWithRetryInfo(code: number, message: string, retryAfterSeconds: number): Buffer {
  const duration = new ProtoWriter(); // google.protobuf.Duration { seconds = 1 }
  if (retryAfterSeconds > 0) duration.varintField(1, Math.ceil(retryAfterSeconds));
  const retryInfo = new ProtoWriter(); // google.rpc.RetryInfo { retry_delay = 1 }
  retryInfo.bytesField(1, duration.finish());
  const any = new ProtoWriter(); // google.protobuf.Any { type_url = 1; value = 2 }
  any.stringField(1, RETRY_INFO_TYPE_URL);
  any.bytesField(2, retryInfo.finish());
  const status = new ProtoWriter();
  status.varintField(1, code);
  if (message !== "") status.stringField(2, message);
  status.bytesField(3, any.finish());
  return Buffer.from(status.finish());
}
