/** Number formats shared by tables, graph labels and chart axes. */

/** Requests per second: "0", "0.05/s", "12.3/s", "1.2k/s". */
export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return "–";
  if (perSecond === 0) return "0/s";
  if (perSecond >= 1_000_000) return `${trim(perSecond / 1_000_000)}M/s`;
  if (perSecond >= 1_000) return `${trim(perSecond / 1_000)}k/s`;
  if (perSecond >= 100) return `${Math.round(perSecond)}/s`;
  if (perSecond >= 0.01) return `${trim(perSecond)}/s`;
  return "<0.01/s";
}

/** An error rate given as a fraction: "0%", "0.12%", "5.3%", "100%". */
export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return "–";
  const percent = fraction * 100;
  if (percent === 0) return "0%";
  if (percent < 0.01) return "<0.01%";
  if (percent < 1) return `${percent.toFixed(2).replace(/0$/, "")}%`;
  if (percent < 100) return `${trim(percent)}%`;
  return "100%";
}

/** A latency in milliseconds: "850µs", "12ms", "1.25s", "2m05s". */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "–";
  if (ms === 0) return "0";
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 1_000) return `${trim(ms)}ms`;
  if (ms < 60_000) return `${trim(ms / 1000)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes}m${String(seconds).padStart(2, "0")}s`;
}

/** Up to three significant digits without trailing zeros. */
function trim(value: number): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return String(Number(value.toFixed(digits)));
}

/** Local date and time to the second, for tables. */
export function formatTime(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** "12s ago", "5m ago", "3h ago", "2d ago". */
export function formatAgo(ms: number, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - ms) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3_600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3_600)}h ago`;
  return `${Math.floor(seconds / 86_400)}d ago`;
}
