import { parseDurationText } from "./timeRange";

/**
 * Trace search filters as they appear in the console URL, which mirrors the API's query
 * (`service`, `operation`, `minDuration`, `maxDuration`, `status`, `attr.<key>=<value>`, `limit`), so a
 * search can be shared as a link and sent to the API unchanged.
 */

export type StatusFilter = "any" | "ok" | "error";

export interface TraceFilters {
  service: string;
  operation: string;
  /** Durations as typed ("250ms", "1.5s"); empty when not set. */
  minDuration: string;
  maxDuration: string;
  status: StatusFilter;
  attributes: { key: string; value: string }[];
  limit: number;
}

/** The API returns at most 200 traces per search. */
export const TRACE_LIMITS = [20, 50, 100, 200] as const;
export const DEFAULT_TRACE_LIMIT = 50;
const MAX_ATTRIBUTES = 10;

export function readTraceFilters(params: URLSearchParams): TraceFilters {
  const attributes: TraceFilters["attributes"] = [];
  for (const [name, value] of params) {
    if (name.startsWith("attr.") && name.length > 5 && attributes.length < MAX_ATTRIBUTES) {
      attributes.push({ key: name.slice(5), value });
    }
  }
  const status = params.get("status");
  const limit = Number(params.get("limit"));
  return {
    service: params.get("service") ?? "",
    operation: params.get("operation") ?? "",
    minDuration: params.get("minDuration") ?? "",
    maxDuration: params.get("maxDuration") ?? "",
    status: status === "ok" || status === "error" ? status : "any",
    attributes,
    limit: (TRACE_LIMITS as readonly number[]).includes(limit) ? limit : DEFAULT_TRACE_LIMIT,
  };
}

/**
 * URL parameters for the filters, keeping unrelated ones (the time range). Empty filters are left out.
 */
export function writeTraceFilters(current: string, filters: TraceFilters): string {
  const params = new URLSearchParams(current);
  for (const name of [...params.keys()]) {
    if (name.startsWith("attr.")) params.delete(name);
  }
  const set = (name: string, value: string) => {
    if (value.trim() === "") params.delete(name);
    else params.set(name, value.trim());
  };
  set("service", filters.service);
  set("operation", filters.operation);
  set("minDuration", filters.minDuration);
  set("maxDuration", filters.maxDuration);
  set("status", filters.status === "any" ? "" : filters.status);
  set("limit", filters.limit === DEFAULT_TRACE_LIMIT ? "" : String(filters.limit));
  for (const { key, value } of filters.attributes) {
    if (key.trim() !== "") params.append(`attr.${key.trim()}`, value);
  }
  return params.toString();
}

/** Problems a user can fix before the search is sent, keyed by field. */
export function traceFilterProblems(
  filters: TraceFilters,
): Partial<Record<"minDuration" | "maxDuration" | "attributes", string>> {
  const problems: Partial<Record<"minDuration" | "maxDuration" | "attributes", string>> = {};
  const min = filters.minDuration === "" ? null : parseDurationText(filters.minDuration);
  const max = filters.maxDuration === "" ? null : parseDurationText(filters.maxDuration);
  const hint = 'a duration such as "250ms", "1.5s" or "2m"';
  if (filters.minDuration !== "" && min === null) problems.minDuration = `must be ${hint}`;
  if (filters.maxDuration !== "" && max === null) problems.maxDuration = `must be ${hint}`;
  if (min !== null && max !== null && min > max) {
    problems.maxDuration = `must not be shorter than the minimum (${filters.minDuration})`;
  }
  const keys = filters.attributes.map((attribute) => attribute.key.trim());
  if (keys.some((key, index) => key === "" && (filters.attributes[index]?.value ?? "") !== "")) {
    problems.attributes = "every attribute value needs a key";
  } else if (new Set(keys).size !== keys.length) {
    problems.attributes = "each attribute key can be given once";
  }
  return problems;
}

/** Reads "key=value" as typed into one box; the first "=" splits. */
export function parseAttributeFilter(text: string): { key: string; value: string } | null {
  const at = text.indexOf("=");
  if (at <= 0) return null;
  return { key: text.slice(0, at).trim(), value: text.slice(at + 1).trim() };
}
