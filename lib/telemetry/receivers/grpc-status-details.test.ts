import { describe, expect, it } from "vitest";
import { ProtoReader } from "../otlp/proto/wire";
import { statusWithRetryInfo } from "./grpc-status-details";

/** Field number → values (varints as numbers, length-delimited fields as bytes). */
function fields(bytes: Uint8Array): Map<number, Array<number | Uint8Array>> {
  const reader = new ProtoReader(bytes);
  const out = new Map<number, Array<number | Uint8Array>>();
  while (reader.pos < reader.end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    let value: number | Uint8Array;
    if ((tag & 7) === 0) value = reader.uint32();
    else {
      const end = reader.delimited(field, reader.end);
      value = bytes.subarray(reader.pos, end);
      reader.pos = end;
    }
    out.set(field, [...(out.get(field) ?? []), value]);
  }
  return out;
}

describe("statusWithRetryInfo", () => {
  it("encodes google.rpc.Status with a RetryInfo detail carrying the delay", () => {
    const status = fields(statusWithRetryInfo(8, "ingest is saturated", 2));
    expect(status.get(1)).toEqual([8]);
    expect(Buffer.from(status.get(2)![0] as Uint8Array).toString()).toBe("ingest is saturated");
    const any = fields(status.get(3)![0] as Uint8Array);
    expect(Buffer.from(any.get(1)![0] as Uint8Array).toString()).toBe(
      "type.googleapis.com/google.rpc.RetryInfo",
    );
    const retryInfo = fields(any.get(2)![0] as Uint8Array);
    const duration = fields(retryInfo.get(1)![0] as Uint8Array);
    expect(duration.get(1)).toEqual([2]);
  });
});
