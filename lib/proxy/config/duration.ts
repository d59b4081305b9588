import type { Diagnostics } from "./diagnostics";
import { durationField, type XdsObject } from "./xds-values";

/** A Duration field in ms, reporting malformed or (with `positive`) non-positive values. */
export function readDurationMs(
  o: XdsObject | undefined,
  key: string,
  d: Diagnostics,
  options: { positive?: boolean } = {},
): number | undefined {
  const duration = durationField(o, key);
  if (duration === undefined) return undefined;
  if (!duration.ok) {
    d.error(`${key} ${duration.reason}`);
    return undefined;
  }
  if (options.positive && duration.ms <= 0) {
    d.error(`${key} must be greater than 0`);
    return undefined;
  }
  return duration.ms;
}
