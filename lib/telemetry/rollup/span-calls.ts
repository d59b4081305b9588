// Caller → callee edges from spans, including calls whose two spans arrive in different exports (each
// service exports its own spans, so a CLIENT span and its SERVER child usually do).
//
// Within a batch, calls are matched in memory and counted in the flush transaction. A CLIENT or PRODUCER
// span left without a child (an "open call") is decided later, once its callee has had time to export
// (ingest/call-resolver.ts): its stored SERVER/CONSUMER children are looked up, and it counts as a call to
// their services, or, with none, to the peer it names (peer.service / server.address), which becomes a graph
// node of its own. Only callers are ever looked up, so every call is decided exactly once, by its caller.

import { SpanKind, type SpanRow } from "../rows";
import { EdgeAccumulator, type EdgeMinute } from "./edge-accumulator";
import { minuteOf } from "./minute";
import { isErrorSpan } from "./service-minutes";

/** What deciding an open call needs of its CLIENT/PRODUCER span. */
export interface OpenCall {
  traceId: string;
  spanId: string;
  service: string;
  /** Set only when the span counts as a call to it if nobody answers (a CLIENT naming another peer). */
  peer: string | null;
  startNs: bigint;
  durationNs: bigint;
  error: boolean;
}

export interface SpanCallPlan {
  /** Edges whose caller and callee spans are both in the batch. */
  edges: EdgeMinute[];
  /** CLIENT and PRODUCER spans without a SERVER or CONSUMER child in the batch. */
  openCalls: OpenCall[];
}

export function planSpanCalls(rows: readonly SpanRow[]): SpanCallPlan {
  const childServices = new Map<string, Set<string>>();
  for (const row of rows) {
    if (row.parentSpanId === null || !isCallee(row)) continue;
    const key = `${row.traceId}/${row.parentSpanId}`;
    const services = childServices.get(key);
    if (services === undefined) childServices.set(key, new Set([row.service]));
    else services.add(row.service);
  }
  const edges = new EdgeAccumulator("spans");
  const openCalls: OpenCall[] = [];
  for (const row of rows) {
    if (row.kind !== SpanKind.Client && row.kind !== SpanKind.Producer) continue;
    const call = openCallOf(row);
    const children = childServices.get(`${row.traceId}/${row.spanId}`);
    if (children === undefined) openCalls.push(call);
    else for (const callee of children) addCall(edges, callee, "service", call);
  }
  return { edges: edges.list(), openCalls };
}

/**
 * Edges of open calls, given the services of each one's stored children (same order; empty when nobody
 * answered): a call to each child's service, else to the named peer, else nothing. Calls within one service
 * give no edge.
 */
export function resolveOpenCalls(
  calls: readonly OpenCall[],
  childServices: ReadonlyArray<readonly string[]>,
): EdgeMinute[] {
  const edges = new EdgeAccumulator("spans");
  calls.forEach((call, i) => {
    const children = childServices[i] ?? [];
    if (children.length > 0) for (const callee of new Set(children)) addCall(edges, callee, "service", call);
    else if (call.peer !== null) addCall(edges, call.peer, "peer", call);
  });
  return edges.list();
}

function openCallOf(row: SpanRow): OpenCall {
  const peer =
    row.kind === SpanKind.Client && row.peerService !== null && row.peerService !== row.service
      ? row.peerService
      : null;
  return {
    traceId: row.traceId,
    spanId: row.spanId,
    service: row.service,
    peer,
    startNs: row.startNs,
    durationNs: row.durationNs,
    error: isErrorSpan(row),
  };
}

function addCall(
  edges: EdgeAccumulator,
  callee: string,
  kind: EdgeMinute["destinationKind"],
  call: OpenCall,
): void {
  if (callee === call.service) return;
  const seconds = Number(call.durationNs) / 1e9;
  edges.add(call.service, callee, kind, minuteOf(call.startNs), 1, call.error ? 1 : 0, seconds);
}

function isCallee(row: SpanRow): boolean {
  return row.kind === SpanKind.Server || row.kind === SpanKind.Consumer;
}
