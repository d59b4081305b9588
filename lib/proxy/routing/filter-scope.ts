import type { FilterOverride, PerFilterConfig } from "../config/route-model";

/**
 * The most specific typed_per_filter_config for a filter, as Envoy resolves it: weighted cluster entry,
 * then route, then virtual host, then route configuration. Pass scopes from most to least specific.
 */
export function effectiveFilterOverride(
  filterName: string,
  scopes: readonly (PerFilterConfig | undefined)[],
): FilterOverride | undefined {
  for (const scope of scopes) {
    const override = scope?.get(filterName);
    if (override) return override;
  }
  return undefined;
}
