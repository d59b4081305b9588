// GET /api/v1/traces (search, one summary per trace) and GET /api/v1/traces/{traceId} (every span).

import type pg from "pg";
import { getTraceSpans, type StoredSpan } from "@/lib/db/queries/getTraceSpans";
import { getTraceSummaries } from "@/lib/db/queries/getTraceSummaries";
import { searchTraceSpans } from "@/lib/db/queries/searchTraceSpans";
import type { AttributeMap } from "../rows";
import type { TracesQuery } from "./schemas";

export interface TraceSummary {
  traceId: string;
  rootService: string;
  rootOperation: string;
  startTime: string;
  startTimeUnixNano: string;
  durationMs: number;
  durationNano: string;
  spanCount: number;
  errorCount: number;
  error: boolean;
  services: string[];
}

const KINDS = ["unspecified", "internal", "server", "client", "producer", "consumer"] as const;
const STATUSES = ["unset", "ok", "error"] as const;
/** Spans returned for one trace at most; the response says when there were more. */
export const MAX_TRACE_SPANS = 10_000;
/** How far outside the searched range a matching trace's other spans are read for its summary. */
const SUMMARY_MARGIN_NS = 3_600_000_000_000n;
const SEARCH_ROUNDS = 5;
/** The first round reads this many matching spans per wanted trace; each further round reads 4× more. */
const FIRST_PAGE_PER_TRACE = 5;
const PAGE_GROWTH = 4;

/** The newest traces with a span matching every filter, newest first. */
export async function searchTraces(pool: pg.Pool, query: TracesQuery): Promise<{ traces: TraceSummary[] }> {
  const filter = {
    fromNs: BigInt(query.range.fromMs) * 1_000_000n,
    toNs: BigInt(query.range.toMs) * 1_000_000n,
    service: query.service,
    operation: query.operation,
    minDurationNs: query.minDurationNs,
    maxDurationNs: query.maxDurationNs,
    status: query.status,
    attributes: query.attributes,
  };
  // Matching spans come newest first; a trace can match many times, so read on until `limit` distinct ones.
  // Pages grow so that an unfiltered search (about 20 matching spans per trace) needs two rounds, not five.
  const ids: string[] = [];
  const seen = new Set<string>();
  let before = filter.toNs;
  let page = query.limit * FIRST_PAGE_PER_TRACE;
  for (let round = 0; round < SEARCH_ROUNDS && ids.length < query.limit; round++, page *= PAGE_GROWTH) {
    const spans = await searchTraceSpans(pool, filter, before, page);
    for (const span of spans) {
      if (seen.has(span.traceId)) continue;
      seen.add(span.traceId);
      ids.push(span.traceId);
      if (ids.length === query.limit) break;
    }
    if (spans.length < page) break;
    before = spans[spans.length - 1]!.startNs;
  }
  const summaries = await getTraceSummaries(
    pool,
    ids,
    filter.fromNs - SUMMARY_MARGIN_NS,
    filter.toNs + SUMMARY_MARGIN_NS,
  );
  const byId = new Map(summaries.map((s) => [s.traceId, s]));
  const traces: TraceSummary[] = [];
  for (const id of ids) {
    const s = byId.get(id);
    if (s === undefined) continue;
    const durationNs = s.endNs - s.startNs;
    traces.push({
      traceId: s.traceId,
      rootService: s.rootService,
      rootOperation: s.rootOperation,
      startTime: isoOfNs(s.startNs),
      startTimeUnixNano: s.startNs.toString(),
      durationMs: nsToMs(durationNs),
      durationNano: durationNs.toString(),
      spanCount: s.spanCount,
      errorCount: s.errorCount,
      error: s.errorCount > 0,
      services: s.services,
    });
  }
  return { traces };
}

export interface TraceSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  traceState: string;
  service: string;
  operation: string;
  kind: (typeof KINDS)[number];
  startTime: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  durationNano: string;
  durationMs: number;
  status: { code: (typeof STATUSES)[number]; message: string };
  error: boolean;
  http: { method: string | null; route: string | null; statusCode: number | null };
  peerService: string | null;
  flags: number;
  attributes: AttributeMap;
  resource: AttributeMap;
  scope: { name: string; version: string };
  events: Array<{
    name: string;
    timeUnixNano: string;
    attributes: AttributeMap;
    droppedAttributesCount: number;
  }>;
  links: Array<{
    traceId: string;
    spanId: string;
    traceState: string;
    attributes: AttributeMap;
    droppedAttributesCount: number;
  }>;
  droppedAttributesCount: number;
  droppedEventsCount: number;
  droppedLinksCount: number;
}

/** Every span of a trace in start order, or null when no span of it is stored. */
export async function getTrace(
  pool: pg.Pool,
  traceId: string,
): Promise<{ traceId: string; spans: TraceSpan[]; truncated: boolean } | null> {
  const stored = await getTraceSpans(pool, traceId, MAX_TRACE_SPANS + 1);
  if (stored.length === 0) return null;
  return {
    traceId,
    spans: stored.slice(0, MAX_TRACE_SPANS).map(toTraceSpan),
    truncated: stored.length > MAX_TRACE_SPANS,
  };
}

function toTraceSpan(span: StoredSpan): TraceSpan {
  const endNs = span.startNs + span.durationNs;
  const error =
    span.statusCode === 2 || ((span.kind === 2 || span.kind === 3) && (span.httpStatusCode ?? 0) >= 500);
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    traceState: span.traceState,
    service: span.service,
    operation: span.operation,
    kind: KINDS[span.kind] ?? "unspecified",
    startTime: isoOfNs(span.startNs),
    startTimeUnixNano: span.startNs.toString(),
    endTimeUnixNano: endNs.toString(),
    durationNano: span.durationNs.toString(),
    durationMs: nsToMs(span.durationNs),
    status: { code: STATUSES[span.statusCode] ?? "unset", message: span.statusMessage },
    error,
    http: { method: span.httpMethod, route: span.httpRoute, statusCode: span.httpStatusCode },
    peerService: span.peerService,
    flags: span.flags,
    attributes: span.attributes,
    resource: span.resource,
    scope: { name: span.scopeName, version: span.scopeVersion },
    events: span.events.map((e) => ({
      name: e.name,
      timeUnixNano: e.timeNs,
      attributes: e.attributes,
      droppedAttributesCount: e.droppedAttributesCount,
    })),
    links: span.links,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

function isoOfNs(ns: bigint): string {
  return new Date(Number(ns / 1_000_000n)).toISOString();
}

function nsToMs(ns: bigint): number {
  return Number(ns) / 1e6;
}
