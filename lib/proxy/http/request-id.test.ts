import { describe, expect, it } from "vitest";
import type { MutableHeaders } from "./headers";
import { ensureRequestId } from "./request-id";

describe("ensureRequestId", () => {
  it("keeps a caller's id and makes one when there is none or it is unusable", () => {
    const kept: MutableHeaders = { "x-request-id": "abc-123" };
    ensureRequestId(kept);
    expect(kept["x-request-id"]).toBe("abc-123");
    for (const value of [undefined, "", ["a", "b"], "x".repeat(200)]) {
      const headers: MutableHeaders = value === undefined ? {} : { "x-request-id": value };
      ensureRequestId(headers);
      expect(headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
