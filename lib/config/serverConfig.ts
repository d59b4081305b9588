import path from "node:path";
import { z } from "zod";

const port = (fallback: number) =>
  z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(0, "must be 0 (any free port) or a port number")
    .max(65535, "must be at most 65535")
    .default(fallback);

/** Environment of `weft server`; every port accepts 0 for "any free port" (tests rely on it). */
export const serverEnvSchema = z.object({
  PORT: port(3000),
  WEFT_HOST: z.string().min(1).max(255).default("127.0.0.1"),
  WEFT_OTLP_HTTP_PORT: port(4318),
  WEFT_OTLP_GRPC_PORT: port(4317),
  WEFT_XDS_PORT: port(18000),
  WEFT_DATA_DIR: z.string().min(1).max(1024).default(".weft"),
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
  dataDir: string;
  databaseUrl: string | undefined;
  adminPassword: string | undefined;
  sessionHours: number;
  secureCookies: "auto" | "true" | "false";
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
    dataDir: path.resolve(cwd, e.WEFT_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    adminPassword: e.WEFT_ADMIN_PASSWORD,
    sessionHours: e.WEFT_SESSION_HOURS,
    secureCookies: e.WEFT_SECURE_COOKIES,
  };
}
