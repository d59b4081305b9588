import path from "node:path";
import { z } from "zod";

const port = (fallback: number) =>
  z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(0, "must be 0 (any free port) or a port number")
    .max(65535, "must be at most 65535")
    .default(fallback);

const count = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

/** Environment of `weft server`; every port accepts 0 for "any free port" (tests rely on it). */
export const serverEnvSchema = z.object({
  PORT: port(3000),
  WEFT_HOST: z.string().min(1).max(255).default("127.0.0.1"),
  WEFT_OTLP_HTTP_PORT: port(4318),
  WEFT_OTLP_GRPC_PORT: port(4317),
  WEFT_XDS_PORT: port(18000),
  /** How long a disconnected proxy's endpoint stays in EDS (a sidecar restart within it causes no churn). */
  WEFT_XDS_ENDPOINT_GRACE_SECONDS: z.coerce
    .number({ message: "must be a number" })
    .min(0, "must be 0 or more")
    .max(3600, "must be at most 3600")
    .default(30),
  /** "token": xDS streams need an API token of role operator or above (proxies register endpoints). */
  WEFT_XDS_AUTH: z.enum(["none", "token"]).default("none"),
  WEFT_DATA_DIR: z.string().min(1).max(1024).default(".weft"),
  // Telemetry ingest and retention (docs/telemetry.md).
  WEFT_INGEST_AUTH: z.enum(["none", "token"]).default("none"),
  WEFT_INGEST_QUEUE_MB: count(1, 16_384, 64),
  WEFT_INGEST_QUEUE_ITEMS: count(1, 100_000_000, 200_000),
  WEFT_INGEST_FLUSHES: count(1, 32, 2),
  WEFT_INGEST_WRITER: z.enum(["copy", "rows"]).default("copy"),
  WEFT_OTLP_MAX_BODY_MB: count(1, 1024, 16),
  WEFT_RETENTION_SPANS_DAYS: count(1, 3650, 7),
  WEFT_RETENTION_METRICS_DAYS: count(1, 3650, 7),
  WEFT_RETENTION_ROLLUPS_DAYS: count(1, 3650, 30),
  WEFT_SPAN_CALL_SETTLE_SECONDS: count(0, 600, 10),
  DATABASE_URL: z
    .string()
    .max(4096)
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  WEFT_ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").max(256).optional(),
  WEFT_SESSION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  WEFT_SECURE_COOKIES: z.enum(["auto", "true", "false"]).default("auto"),
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

export interface ServerConfig {
  host: string;
  consolePort: number;
  otlpHttpPort: number;
  otlpGrpcPort: number;
  xdsPort: number;
  xdsEndpointGraceMs: number;
  /** "token": xDS streams need an API token of role operator or above. */
  xdsAuth: "none" | "token";
  dataDir: string;
  databaseUrl: string | undefined;
  adminPassword: string | undefined;
  sessionHours: number;
  secureCookies: "auto" | "true" | "false";
  telemetry: TelemetryConfig;
}

export interface TelemetryConfig {
  /** "token": OTLP exports need an API token of role operator or above. */
  ingestAuth: "none" | "token";
  /** Bounds of what ingest holds in memory (queued and being written). */
  queueBytes: number;
  queueItems: number;
  /** Flushes (PostgreSQL connections) writing at once. */
  flushConcurrency: number;
  /** "rows" writes one INSERT per span: only for the ingest benchmark's comparison. */
  writer: "copy" | "rows";
  /** Largest OTLP body as sent; four times that after decompression. */
  maxBodyBytes: number;
  retentionDays: { spans: number; metrics: number; rollups: number };
  /** How long a client span waits for its server span (exported by another service) before it is decided. */
  callSettleMs: number;
}

export class ConfigError extends Error {}

/** Parses the environment into a config, or throws one readable line naming the variable at fault. */
export function loadServerConfig(env: Record<string, string | undefined>, cwd: string): ServerConfig {
  const blankToUndefined = Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value === "" ? undefined : value]),
  );
  const parsed = serverEnvSchema.safeParse(blankToUndefined);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "environment");
    throw new ConfigError(`invalid ${name}=${JSON.stringify(env[name] ?? "")}: ${issue?.message}`);
  }
  const e = parsed.data;
  return {
    host: e.WEFT_HOST,
    consolePort: e.PORT,
    otlpHttpPort: e.WEFT_OTLP_HTTP_PORT,
    otlpGrpcPort: e.WEFT_OTLP_GRPC_PORT,
    xdsPort: e.WEFT_XDS_PORT,
    xdsEndpointGraceMs: Math.round(e.WEFT_XDS_ENDPOINT_GRACE_SECONDS * 1000),
    xdsAuth: e.WEFT_XDS_AUTH,
    dataDir: path.resolve(cwd, e.WEFT_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    adminPassword: e.WEFT_ADMIN_PASSWORD,
    sessionHours: e.WEFT_SESSION_HOURS,
    secureCookies: e.WEFT_SECURE_COOKIES,
    telemetry: {
      ingestAuth: e.WEFT_INGEST_AUTH,
      queueBytes: e.WEFT_INGEST_QUEUE_MB * 1024 * 1024,
      queueItems: e.WEFT_INGEST_QUEUE_ITEMS,
      flushConcurrency: e.WEFT_INGEST_FLUSHES,
      writer: e.WEFT_INGEST_WRITER,
      maxBodyBytes: e.WEFT_OTLP_MAX_BODY_MB * 1024 * 1024,
      retentionDays: {
        spans: e.WEFT_RETENTION_SPANS_DAYS,
        metrics: e.WEFT_RETENTION_METRICS_DAYS,
        rollups: e.WEFT_RETENTION_ROLLUPS_DAYS,
      },
      callSettleMs: e.WEFT_SPAN_CALL_SETTLE_SECONDS * 1000,
    },
  };
}
