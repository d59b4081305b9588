/**
 * The `http.route` a callee's sidecar reports for a request: the path template of the mesh rule the caller's
 * sidecar matched, which only the caller knows. An exact path is its own template, a prefix is the prefix
 * followed by `*` (as lib/console/routeChoices.ts expects); the catch-all prefix "/" and regexes give none, so
 * the attribute stays low-cardinality as the semantic conventions require.
 */
import type { PathMatch } from "../config/route-model";

/** Sent by the caller's sidecar to the callee's with the matched rule's template. */
export const ROUTE_TEMPLATE_HEADER = "x-weft-route-template";
/** Sent with it: the matched rule's name (`weft.route` on the callee's side). */
export const ROUTE_NAME_HEADER = "x-weft-route";

const MAX_TEMPLATE_LENGTH = 256;

export function routeTemplate(path: PathMatch): string | undefined {
  if (path.kind === "exact") return path.value;
  if (path.kind === "regex" || path.value === "/") return undefined;
  return path.kind === "separated_prefix" ? `${path.value}/*` : `${path.value}*`;
}

/** What a callee accepts from the header: a path-like template of bounded length, else nothing. */
export function acceptedTemplate(value: string | undefined): string | undefined {
  if (value === undefined || value.length > MAX_TEMPLATE_LENGTH || !value.startsWith("/")) return undefined;
  return /^[\x21-\x7e]+$/.test(value) ? value : undefined;
}

/** A rule name from the header: mesh names, generated ones (`#default`, `rule-2`), bounded. */
export function acceptedRouteName(value: string | undefined): string | undefined {
  return value !== undefined && /^[#a-z0-9][a-z0-9#-]{0,127}$/.test(value) ? value : undefined;
}
