import type { Diagnostics } from "./diagnostics";
import { isSet, type XdsObject } from "./xds-values";

/**
 * Notes every field of `o` that is set but not in `handled`: the proxy ignores it rather than failing,
 * and the note says so. `enumDefaults` names enum fields whose default name (e.g. "NONE") means unset.
 */
export function noteIgnoredFields(
  d: Diagnostics,
  o: XdsObject | undefined,
  handled: readonly string[],
  enumDefaults: Readonly<Record<string, string>> = {},
): void {
  if (!o) return;
  for (const [key, value] of Object.entries(o)) {
    if (key === "@type" || handled.includes(key) || !isSet(value)) continue;
    if (enumDefaults[key] !== undefined && value === enumDefaults[key]) continue;
    d.note(`field '${key}' is not supported and was ignored`);
  }
}
