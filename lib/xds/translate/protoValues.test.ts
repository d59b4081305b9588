import { describe, expect, it } from "vitest";
import { fractionalPercent, protoDuration } from "./protoValues";

describe("fractionalPercent", () => {
  it.each([
    [0, { numerator: 0, denominator: "HUNDRED" }],
    [50, { numerator: 50, denominator: "HUNDRED" }],
    [100, { numerator: 100, denominator: "HUNDRED" }],
    [5.5, { numerator: 550, denominator: "TEN_THOUSAND" }],
    [0.01, { numerator: 1, denominator: "TEN_THOUSAND" }],
    [33.33, { numerator: 3333, denominator: "TEN_THOUSAND" }],
    [0.0125, { numerator: 125, denominator: "MILLION" }],
    [0.0001, { numerator: 1, denominator: "MILLION" }],
    [12.3456, { numerator: 123_456, denominator: "MILLION" }],
  ])("%d%%", (percentage, expected) => {
    expect(fractionalPercent(percentage)).toEqual(expected);
  });
});

describe("protoDuration", () => {
  it("splits seconds and nanos exactly", () => {
    expect(protoDuration("1.5s")).toEqual({ seconds: 1, nanos: 500_000_000 });
    expect(protoDuration("250ms")).toEqual({ seconds: 0, nanos: 250_000_000 });
    expect(protoDuration("2m")).toEqual({ seconds: 120, nanos: 0 });
  });

  it("refuses text that is not a duration", () => {
    expect(() => protoDuration("soon")).toThrow('invalid duration "soon"; validate the config first');
  });
});
