import type { Diagnostics } from "./diagnostics";
import type { Denominator, FractionalPercent } from "./route-model";
import { enumField, isObject, numberField, type XdsObject } from "./xds-values";

const DENOMINATORS: Readonly<Record<string, Denominator>> = {
  HUNDRED: 100,
  TEN_THOUSAND: 10_000,
  MILLION: 1_000_000,
};

export const ZERO_PERCENT: FractionalPercent = Object.freeze({ numerator: 0, denominator: 100 });
export const HUNDRED_PERCENT: FractionalPercent = Object.freeze({ numerator: 100, denominator: 100 });

/** type.v3.FractionalPercent; absent means `fallback` (proto3's default is 0%). */
export function parseFractionalPercent(
  value: unknown,
  d: Diagnostics,
  fallback: FractionalPercent = ZERO_PERCENT,
): FractionalPercent {
  if (!isObject(value)) return fallback;
  const numerator = numberField(value, "numerator") ?? 0;
  const name = enumField(value, "denominator", ["HUNDRED", "TEN_THOUSAND", "MILLION"]) ?? "HUNDRED";
  const denominator = DENOMINATORS[name];
  if (denominator === undefined) {
    d.error(`percentage denominator '${name}' is not HUNDRED, TEN_THOUSAND or MILLION`);
    return fallback;
  }
  if (!Number.isInteger(numerator) || numerator < 0) {
    d.error(`percentage numerator ${numerator} is not a non-negative integer`);
    return fallback;
  }
  // Envoy caps a numerator above the denominator at 100%.
  return { numerator: Math.min(numerator, denominator), denominator };
}

/** core.v3.RuntimeFractionalPercent: only default_value is used (the proxy has no runtime layer). */
export function parseRuntimeFraction(
  o: XdsObject | undefined,
  d: Diagnostics,
): FractionalPercent | undefined {
  if (!o) return undefined;
  return parseFractionalPercent(o.default_value, d);
}

/** type.v3.Percent (a double 0..100); `fallback` when absent. A Percent of 0 arrives as an empty message. */
export function parsePercent(o: XdsObject | undefined, d: Diagnostics, fallback: number): number {
  if (o === undefined) return fallback;
  const value = numberField(o, "value") ?? 0;
  if (value < 0 || value > 100) {
    d.error(`percent ${value} is outside [0, 100]`);
    return fallback;
  }
  return value;
}
