/** `weft demo` flags, validated into settings with one message per problem. */
import { parseArgs } from "node:util";

export interface DemoOptions {
  /** Console port; 0 also puts the OTLP and xDS listeners on free ports. Undefined: the server's defaults. */
  port: number | undefined;
  /** Requests per second to web; 0 is no load. */
  loadRate: number;
  /** Telemetry export interval of sidecars and shop instances. */
  intervalMs: number;
  /** How often the status line is printed. */
  statusMs: number;
}

export const DEMO_USAGE = `usage: weft demo [--port <n>] [--load-rate <n> | --no-load] [--interval-ms <n>] [--status-ms <n>]

  --port <n>         console port (0: any free port, and free ports for OTLP and xDS too) [PORT or 3000]
  --load-rate <n>    requests per second the load generator sends to web [10]
  --no-load          no load generator
  --interval-ms <n>  telemetry export interval of sidecars and services [5000]
  --status-ms <n>    status line interval [5000]

Data lives in WEFT_DATA_DIR (default .weft-demo) unless DATABASE_URL is set.`;

export type ParsedDemoOptions =
  | { ok: true; options: DemoOptions }
  | { ok: false; help: boolean; errors: string[] };

export function parseDemoOptions(args: readonly string[]): ParsedDemoOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...args],
      strict: true,
      options: {
        port: { type: "string" },
        "load-rate": { type: "string" },
        "no-load": { type: "boolean" },
        "interval-ms": { type: "string" },
        "status-ms": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    return { ok: false, help: false, errors: [(error as Error).message] };
  }
  if (values.help) return { ok: false, help: true, errors: [] };
  const errors: string[] = [];
  const number = (flag: string, fallback: number, min: number, max: number): number => {
    const raw = values[flag];
    if (typeof raw !== "string") return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      errors.push(`--${flag} '${raw}' must be a number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  };
  const port = typeof values.port === "string" ? number("port", 0, 0, 65535) : undefined;
  if (port !== undefined && !Number.isInteger(port)) errors.push("--port must be a whole number");
  if (values["no-load"] && values["load-rate"] !== undefined)
    errors.push("--no-load and --load-rate exclude each other");
  const options: DemoOptions = {
    port,
    loadRate: values["no-load"] ? 0 : number("load-rate", 10, 0, 1000),
    intervalMs: number("interval-ms", 5000, 100, 60_000),
    statusMs: number("status-ms", 5000, 100, 600_000),
  };
  return errors.length > 0 ? { ok: false, help: false, errors } : { ok: true, options };
}
