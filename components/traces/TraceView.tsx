"use client";

import Link from "next/link";
import { useMemo } from "react";
import { formatLatency, formatTime } from "@/lib/console/format";
import { TRACE_ID, toTraceSpan } from "@/lib/console/trace/fromApi";
import { buildSpanTree } from "@/lib/console/trace/spanTree";
import { servicesOf } from "@/lib/console/trace/waterfallRows";
import { type TraceDetail, useTrace } from "../queries/telemetry";
import { PageHeader } from "../shell/PageHeader";
import { useUrlState } from "../shell/useUrlState";
import { QueryState } from "../ui/QueryState";
import { SpanDetail } from "./SpanDetail";
import { Waterfall } from "./Waterfall";

/** One trace: header, waterfall and the selected span's details (`?span=<id>` in the URL). */
export function TraceView({ traceId }: { traceId: string }) {
  const valid = TRACE_ID.test(traceId);
  return (
    <>
      <PageHeader title={`Trace ${traceId.slice(0, 16)}${traceId.length > 16 ? "…" : ""}`} controls={false}>
        <Link href="/traces" className="muted">
          ← trace search
        </Link>
      </PageHeader>
      {valid ? (
        <LoadedTrace traceId={traceId.toLowerCase()} />
      ) : (
        <p role="alert" className="notice error">
          “{traceId}” is not a trace id: a trace id is 32 hexadecimal characters.
        </p>
      )}
    </>
  );
}

function LoadedTrace({ traceId }: { traceId: string }) {
  const trace = useTrace(traceId);
  return (
    <QueryState query={trace} what={`trace ${traceId}`}>
      {(data) => <TraceBody trace={data} />}
    </QueryState>
  );
}

function TraceBody({ trace }: { trace: TraceDetail }) {
  const { search, patch } = useUrlState();
  const tree = useMemo(() => buildSpanTree(trace.spans.map(toTraceSpan)), [trace]);
  const selected = search.get("span");
  const selectedSpan = selected ? tree.spans.get(selected)?.source : undefined;
  const services = servicesOf(tree.spans.values());
  const errors = trace.spans.filter((span) => span.error).length;

  const select = (spanId: string | null) => patch({ span: spanId });

  return (
    <div className="stack">
      <p className="trace-summary">
        <strong>{formatLatency(tree.endMs - tree.startMs)}</strong> · {trace.spans.length} spans ·{" "}
        {services.length} services ·{" "}
        {errors > 0 ? <span className="error">{errors} error span(s)</span> : "no errors"} · started{" "}
        {formatTime(tree.startMs)}
        {tree.orphans.size > 0 && (
          <span className="muted"> · {tree.orphans.size} span(s) whose parent never arrived</span>
        )}
        {trace.truncated && (
          <span className="error"> · only the first {trace.spans.length} spans are shown</span>
        )}
      </p>
      <div className="trace-layout">
        <Waterfall tree={tree} selected={selected} onSelect={select} />
        {selectedSpan && (
          <SpanDetail span={selectedSpan} traceStartMs={tree.startMs} onClose={() => select(null)} />
        )}
      </div>
    </div>
  );
}
