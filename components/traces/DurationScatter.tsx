"use client";

import { useRouter } from "next/navigation";
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { formatLatency } from "@/lib/console/format";
import type { TraceSummary } from "@/lib/telemetry/query/traces";
import { timeTick, timeTicks, yTop } from "../charts/palette";

/** Duration over time of the found traces; errors in red; a click opens the trace. */
export function DurationScatter({
  traces,
  fromMs,
  toMs,
}: {
  traces: TraceSummary[];
  fromMs: number;
  toMs: number;
}) {
  const router = useRouter();
  const point = (trace: TraceSummary) => ({
    t: Date.parse(trace.startTime),
    d: trace.durationMs,
    id: trace.traceId,
    name: `${trace.rootService} ${trace.rootOperation}`,
  });
  const ok = traces.filter((trace) => !trace.error).map(point);
  const failed = traces.filter((trace) => trace.error).map(point);
  const open = (data: unknown) => {
    const id = (data as { payload?: { id?: string } } | null)?.payload?.id;
    if (id) router.push(`/traces/${id}`);
  };
  return (
    <figure className="chart panel" aria-label="Trace durations over time">
      <figcaption>Duration over time</figcaption>
      <div style={{ height: 180 }}>
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart margin={{ top: 10, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[fromMs, toMs]}
              ticks={timeTicks(fromMs, toMs)}
              tickFormatter={(v: number) => timeTick(v, toMs - fromMs)}
              stroke="var(--muted)"
              fontSize={11}
            />
            <YAxis
              dataKey="d"
              type="number"
              domain={[0, yTop(1)]}
              tickFormatter={(v: number) => formatLatency(v)}
              width={64}
              stroke="var(--muted)"
              fontSize={11}
            />
            <Tooltip
              formatter={(value, name) =>
                name === "d" ? formatLatency(Number(value)) : new Date(Number(value)).toLocaleTimeString()
              }
              contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }}
            />
            <Scatter
              name="ok"
              data={ok}
              fill="#3b82f6"
              onClick={open}
              isAnimationActive={false}
              cursor="pointer"
            />
            <Scatter
              name="error"
              data={failed}
              fill="#ef4444"
              onClick={open}
              isAnimationActive={false}
              cursor="pointer"
            />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
