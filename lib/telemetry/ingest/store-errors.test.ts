import { describe, expect, it } from "vitest";
import { classifyStoreError } from "./store-errors";

const pgError = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("classifyStoreError", () => {
  it("treats an unreachable, restarting or overloaded database as unavailable", () => {
    expect(classifyStoreError(pgError("ECONNREFUSED"))).toBe("unavailable");
    expect(classifyStoreError(pgError("57P01", "terminating connection due to administrator command"))).toBe(
      "unavailable",
    );
    expect(classifyStoreError(pgError("08006"))).toBe("unavailable");
    expect(classifyStoreError(pgError("53300", "too many clients"))).toBe("unavailable");
    expect(classifyStoreError(new Error("Connection terminated unexpectedly"))).toBe("unavailable");
    expect(classifyStoreError(new Error("timeout exceeded when trying to connect"))).toBe("unavailable");
  });

  it("retries deadlocks and serialization failures, and creates a missing partition", () => {
    expect(classifyStoreError(pgError("40P01"))).toBe("transient");
    expect(classifyStoreError(pgError("40001"))).toBe("transient");
    expect(
      classifyStoreError(pgError("23514", 'no partition of relation "telemetry_spans" found for row')),
    ).toBe("missing_partition");
  });

  it("calls everything else invalid data", () => {
    expect(classifyStoreError(pgError("22P02"))).toBe("invalid");
    expect(classifyStoreError(pgError("23514", "violates check constraint"))).toBe("invalid");
    expect(classifyStoreError(new TypeError("x is undefined"))).toBe("invalid");
    expect(classifyStoreError("a string")).toBe("invalid");
  });
});
