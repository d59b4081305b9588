/** Series colours readable on both the light and the dark theme. */
export const SERIES_COLOURS = [
  "#3b82f6",
  "#f59e0b",
  "#10b981",
  "#ef4444",
  "#8b5cf6",
  "#06b6d4",
  "#ec4899",
  "#84cc16",
];

export function colourAt(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] ?? "#3b82f6";
}

export const MARKER_COLOUR = "#a855f7";

/** Evenly spaced ticks over a time domain, so every chart shows the whole range, not just its data. */
export function timeTicks(fromMs: number, toMs: number, count = 7): number[] {
  if (!(toMs > fromMs)) return [];
  return Array.from({ length: count }, (_, i) => Math.round(fromMs + ((toMs - fromMs) * i) / (count - 1)));
}

/** Y-axis top for non-negative series: the data's maximum, or a small value when everything is zero. */
export function yTop(floor: number) {
  return (dataMax: number) => (Number.isFinite(dataMax) && dataMax > 0 ? dataMax * 1.1 : floor);
}

/** "12:05" within a day, "03-10 12:05" across days. */
export function timeTick(ms: number, spanMs: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return spanMs > 86_400_000 ? `${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${time}` : time;
}
