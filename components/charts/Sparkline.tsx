import { sparklinePath } from "@/lib/console/series";

/** A tiny trend line in plain SVG: cheap enough for hundreds of table rows. */
export function Sparkline({
  values,
  label,
  width = 96,
  height = 22,
}: {
  values: (number | null)[];
  label: string;
  width?: number;
  height?: number;
}) {
  const path = sparklinePath(values, width, height - 2);
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 -1 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      {path ? <path d={path} /> : <line x1={0} x2={width} y1={height - 2} y2={height - 2} className="flat" />}
    </svg>
  );
}
