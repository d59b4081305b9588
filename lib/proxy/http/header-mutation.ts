import type { HeaderMutation } from "../config/route-model";
import { copyHeaders, type MutableHeaders, type ReadonlyHeaders } from "./headers";

/**
 * Applies header mutations in the given order, each removing first and then adding. Envoy's default
 * order is most specific first (weighted cluster, route, virtual host, route configuration), which
 * lets the outer scopes overwrite the inner ones; pass them in that order.
 */
export function applyHeaderMutations(
  headers: ReadonlyHeaders,
  mutations: readonly HeaderMutation[],
): MutableHeaders {
  const out = copyHeaders(headers);
  for (const mutation of mutations) {
    for (const name of mutation.remove) delete out[name];
    for (const { name, value, action, keepEmptyValue } of mutation.add) {
      if (value === "" && !keepEmptyValue) continue;
      const existing = out[name];
      switch (action) {
        case "append_if_exists_or_add":
          out[name] =
            existing === undefined
              ? value
              : [...(typeof existing === "string" ? [existing] : existing), value];
          break;
        case "add_if_absent":
          if (existing === undefined) out[name] = value;
          break;
        case "overwrite_if_exists_or_add":
          out[name] = value;
          break;
        case "overwrite_if_exists":
          if (existing !== undefined) out[name] = value;
          break;
      }
    }
  }
  return out;
}
