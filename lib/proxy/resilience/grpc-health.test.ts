import { describe, expect, it } from "vitest";
import { grpcHealthRequest, grpcHealthVerdict, servingStatus } from "./grpc-health";

/** A length-prefixed message with the given protobuf bytes. */
const framed = (...bytes: number[]) => Buffer.from([0, 0, 0, 0, bytes.length, ...bytes]);

describe("grpcHealthRequest", () => {
  it("frames HealthCheckRequest with the service name, or empty for the whole server", () => {
    expect([...grpcHealthRequest("reviews")]).toEqual([0, 0, 0, 0, 9, 0x0a, 7, ...Buffer.from("reviews")]);
    expect([...grpcHealthRequest("")]).toEqual([0, 0, 0, 0, 0]);
    const long = grpcHealthRequest("s".repeat(200));
    expect([...long.subarray(0, 8)]).toEqual([0, 0, 0, 0, 203, 0x0a, 0xc8, 0x01]);
  });
});

describe("servingStatus", () => {
  it("reads the status field, skipping unknown fields, and UNKNOWN when it is absent", () => {
    expect(servingStatus(framed(0x08, 1))).toBe(1);
    expect(servingStatus(framed(0x08, 2))).toBe(2);
    expect(servingStatus(framed())).toBe(0);
    expect(servingStatus(framed(0x12, 2, 0x41, 0x42, 0x08, 1, 0x1d, 0, 0, 0, 0))).toBe(1);
  });

  it("refuses compressed, truncated or trailing bytes", () => {
    expect(servingStatus(Buffer.from([1, 0, 0, 0, 2, 0x08, 1]))).toBeUndefined();
    expect(servingStatus(Buffer.from([0, 0, 0, 0, 3, 0x08, 1]))).toBeUndefined();
    expect(servingStatus(Buffer.from([0, 0, 0, 0, 2, 0x08, 1, 0]))).toBeUndefined();
    expect(servingStatus(framed(0x08, 0x80))).toBeUndefined();
    expect(servingStatus(framed(0x0b))).toBeUndefined();
    expect(servingStatus(Buffer.alloc(0))).toBeUndefined();
  });
});

describe("grpcHealthVerdict", () => {
  const serving = framed(0x08, 1);
  it("passes only HTTP 200 with grpc-status 0 and SERVING", () => {
    expect(grpcHealthVerdict({ status: 200, grpcStatus: 0, body: serving })).toBe("success");
    expect(grpcHealthVerdict({ status: 200, grpcStatus: 0, body: framed(0x08, 2) })).toBe("failure");
    expect(grpcHealthVerdict({ status: 200, grpcStatus: 0, body: framed() })).toBe("failure");
    expect(grpcHealthVerdict({ status: 200, grpcStatus: 5, body: Buffer.alloc(0) })).toBe("failure");
    expect(grpcHealthVerdict({ status: 200, grpcStatus: undefined, body: serving })).toBe("failure");
    expect(grpcHealthVerdict({ status: 503, grpcStatus: 0, body: serving })).toBe("failure");
  });
});
