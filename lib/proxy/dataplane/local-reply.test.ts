import { describe, expect, it } from "vitest";
import { grpcStatusOf } from "./local-reply";
import { shadowAuthority } from "./mirror";
import { splitClusterName } from "./outbound";

describe("local reply helpers", () => {
  it("map HTTP statuses to gRPC statuses as gRPC specifies (504 as DEADLINE_EXCEEDED)", () => {
    expect([400, 401, 403, 404, 429, 502, 503, 504, 500].map(grpcStatusOf)).toEqual([
      13, 16, 7, 12, 14, 14, 14, 4, 2,
    ]);
  });

  it("name mirror hosts and split subset cluster names", () => {
    expect(shadowAuthority("reviews:9080")).toBe("reviews-shadow:9080");
    expect(shadowAuthority("reviews")).toBe("reviews-shadow");
    expect(splitClusterName("reviews|v2", "x")).toEqual(["reviews", "v2"]);
    expect(splitClusterName("reviews", "x")).toEqual(["reviews", undefined]);
  });
});
