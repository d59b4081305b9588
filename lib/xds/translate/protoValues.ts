import { parseDuration } from "@/lib/mesh/duration";
import type { FractionalPercent, ProtoDuration, UInt32Value } from "./envoyTypes";

/** A config duration as google.protobuf.Duration. The config must have passed the schema. */
export function protoDuration(text: string): ProtoDuration {
  const parsed = parseDuration(text);
  if (parsed === null) throw new Error(`invalid duration ${JSON.stringify(text)}; validate the config first`);
  return { seconds: parsed.seconds, nanos: parsed.nanos };
}

export function uint32(value: number): UInt32Value {
  return { value };
}

/**
 * A percentage (0..100, up to 4 decimals) as the coarsest exact FractionalPercent:
 * 50 → 50/HUNDRED, 5.5 → 550/TEN_THOUSAND, 0.0125 → 125/MILLION.
 */
export function fractionalPercent(percentage: number): FractionalPercent {
  if (isWhole(percentage)) return { numerator: Math.round(percentage), denominator: "HUNDRED" };
  if (isWhole(percentage * 100))
    return { numerator: Math.round(percentage * 100), denominator: "TEN_THOUSAND" };
  return { numerator: Math.round(percentage * 10_000), denominator: "MILLION" };
}

function isWhole(value: number): boolean {
  return Math.abs(value - Math.round(value)) < 1e-9;
}
