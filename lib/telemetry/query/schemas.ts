// The query API's parameters (zod), one schema per route. Times accept RFC 3339 and now-relative forms
// (time.ts); a range that is impossible (from not before to, before 1970, too long) is a 400 naming the field.

import { z } from "zod";
import { parseDuration, resolveTimeRange, type TimeRange } from "./time";

const MAX_RANGE_MS = 400 * 86_400_000;
const MINUTE_MS = 60_000;
export const MAX_SERIES_POINTS = 1440;
const MAX_ATTRIBUTE_FILTERS = 16;

const timeText = z.string().trim().min(1, "is empty").max(64);
const name = z.string().trim().min(1, "is empty").max(512);

const rangeShape = { from: timeText.optional(), to: timeText.optional() };

type Ctx = z.RefinementCtx;

function rangeOf(query: { from?: string; to?: string }, defaultFrom: string, ctx: Ctx): TimeRange | null {
  const resolved = resolveTimeRange(query.from ?? defaultFrom, query.to ?? "now", Date.now(), MAX_RANGE_MS);
  if (resolved.ok) return resolved.range;
  ctx.addIssue({ code: "custom", path: [resolved.problem.field], message: resolved.problem.message });
  return null;
}

function durationNs(text: string | undefined, field: string, ctx: Ctx): bigint | null {
  if (text === undefined) return null;
  const parsed = parseDuration(text);
  if (parsed.ok) return BigInt(parsed.value);
  ctx.addIssue({ code: "custom", path: [field], message: parsed.message });
  return null;
}

export const servicesQuerySchema = z.object(rangeShape).transform((query, ctx) => {
  const range = rangeOf(query, "now-15m", ctx);
  return range === null ? z.NEVER : { range };
});
export type ServicesQuery = z.output<typeof servicesQuerySchema>;

export const topologyQuerySchema = z
  .object({ ...rangeShape, focus: name.optional(), depth: z.coerce.number().int().min(1).max(10).optional() })
  .transform((query, ctx) => {
    const range = rangeOf(query, "now-15m", ctx);
    if (range === null) return z.NEVER;
    return { range, focus: query.focus ?? null, depth: query.depth ?? 1 };
  });
export type TopologyQuery = z.output<typeof topologyQuerySchema>;

/** The step of a series (whole minutes; by default about 120 points), or null after adding an issue. */
function stepOf(range: TimeRange, step: string | undefined, ctx: Ctx): number | null {
  const span = range.toMs - range.fromMs;
  let stepMs = Math.max(1, Math.ceil(span / 120 / MINUTE_MS)) * MINUTE_MS;
  if (step !== undefined) {
    const parsed = durationNs(step, "step", ctx);
    if (parsed === null) return null;
    // Rollups are per minute, so steps are whole minutes.
    stepMs = Math.max(1, Math.ceil(Number(parsed) / 1e6 / MINUTE_MS)) * MINUTE_MS;
  }
  const points = Math.ceil(span / stepMs);
  if (points > MAX_SERIES_POINTS) {
    ctx.addIssue({
      code: "custom",
      path: ["step"],
      message: `the range would have ${points} points of ${stepMs / MINUTE_MS} min; at most ${MAX_SERIES_POINTS}`,
    });
    return null;
  }
  return stepMs;
}

const stepText = z.string().trim().max(32).optional();

export const seriesQuerySchema = z
  .object({
    ...rangeShape,
    step: stepText,
    route: name.optional(),
    operation: name.optional(),
    version: name.optional(),
    dimensions: z.enum(["true", "false"]).optional(),
  })
  .transform((query, ctx) => {
    const range = rangeOf(query, "now-1h", ctx);
    if (range === null) return z.NEVER;
    const stepMs = stepOf(range, query.step, ctx);
    if (stepMs === null) return z.NEVER;
    return {
      range,
      stepMs,
      route: query.route ?? null,
      operation: query.operation ?? null,
      version: query.version ?? null,
      dimensions: query.dimensions === "true",
    };
  });
export type SeriesQuery = z.output<typeof seriesQuerySchema>;

/** GET /api/v1/edges/series: one caller → callee pair (the topology's edge). */
export const edgeSeriesQuerySchema = z
  .object({ ...rangeShape, step: stepText, source: name, target: name })
  .transform((query, ctx) => {
    const range = rangeOf(query, "now-1h", ctx);
    if (range === null) return z.NEVER;
    const stepMs = stepOf(range, query.step, ctx);
    if (stepMs === null) return z.NEVER;
    return { range, stepMs, source: query.source, target: query.target };
  });
export type EdgeSeriesQuery = z.output<typeof edgeSeriesQuerySchema>;

export const tracesQuerySchema = z
  .object({
    ...rangeShape,
    service: name.optional(),
    operation: name.optional(),
    minDuration: z.string().trim().max(32).optional(),
    maxDuration: z.string().trim().max(32).optional(),
    status: z.enum(["error", "ok"]).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(20),
  })
  .catchall(z.string().max(1024))
  .transform((query, ctx) => {
    const range = rangeOf(query, "now-1h", ctx);
    const minDurationNs = durationNs(query.minDuration, "minDuration", ctx);
    const maxDurationNs = durationNs(query.maxDuration, "maxDuration", ctx);
    if (minDurationNs !== null && maxDurationNs !== null && minDurationNs > maxDurationNs)
      ctx.addIssue({ code: "custom", path: ["minDuration"], message: "is greater than maxDuration" });
    const attributes: Array<[string, string]> = [];
    for (const [key, value] of Object.entries(query)) {
      if (!key.startsWith("attr.") || typeof value !== "string") continue;
      const attribute = key.slice("attr.".length);
      if (attribute.length === 0 || attribute.length > 256)
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: "needs an attribute name of 1 to 256 characters",
        });
      else attributes.push([attribute, value]);
    }
    if (attributes.length > MAX_ATTRIBUTE_FILTERS)
      ctx.addIssue({
        code: "custom",
        path: ["attr"],
        message: `at most ${MAX_ATTRIBUTE_FILTERS} attribute filters`,
      });
    if (range === null) return z.NEVER;
    return {
      range,
      service: query.service ?? null,
      operation: query.operation ?? null,
      minDurationNs,
      maxDurationNs,
      status: query.status ?? null,
      attributes,
      limit: query.limit,
    };
  });
export type TracesQuery = z.output<typeof tracesQuerySchema>;

/** A trace search over `range` with no filters but those given. */
export function tracesQuery(
  range: TracesQuery["range"],
  limit: number,
  filters: Partial<TracesQuery> = {},
): TracesQuery {
  return {
    range,
    service: null,
    operation: null,
    minDurationNs: null,
    maxDurationNs: null,
    status: null,
    attributes: [],
    limit,
    ...filters,
  };
}

export const metricPointsQuerySchema = z
  .object({
    ...rangeShape,
    name: name.optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(1000),
  })
  .transform((query, ctx) => {
    const range = rangeOf(query, "now-15m", ctx);
    return range === null ? z.NEVER : { range, name: query.name ?? null, limit: query.limit };
  });
export type MetricPointsQuery = z.output<typeof metricPointsQuerySchema>;

/** Path parameters. */
export const serviceNameSchema = name;
export const traceIdSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{32}$/, "must be 32 hexadecimal characters")
  .transform((id) => id.toLowerCase())
  .refine((id) => !/^0+$/.test(id), "must not be all zeros");
