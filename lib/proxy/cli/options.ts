/**
 * `weft proxy` settings from flags and WEFT_PROXY_* environment variables (a flag wins over its variable),
 * validated with one clear message per problem.
 */

import { isIP } from "node:net";
import os from "node:os";
import { parseArgs } from "node:util";
import type { ProxyOptions } from "../proxy";

interface Setting {
  readonly flag: string;
  readonly env: string;
  readonly help: string;
  readonly fallback?: string;
}

export const SETTINGS = {
  service: {
    flag: "service",
    env: "WEFT_PROXY_SERVICE",
    help: "service this sidecar runs beside (required)",
  },
  labels: { flag: "labels", env: "WEFT_PROXY_LABELS", help: "instance labels, k=v,k=v (e.g. version=v2)" },
  app: { flag: "app", env: "WEFT_PROXY_APP", help: "local application address host:port (required)" },
  xds: { flag: "xds", env: "WEFT_PROXY_XDS", help: "control plane xDS address", fallback: "127.0.0.1:18000" },
  otlp: { flag: "otlp", env: "WEFT_PROXY_OTLP", help: "OTLP/HTTP endpoint; no telemetry export without it" },
  token: { flag: "token", env: "WEFT_PROXY_TOKEN", help: "bearer token for xDS and OTLP" },
  inboundPort: {
    flag: "inbound-port",
    env: "WEFT_PROXY_INBOUND_PORT",
    help: "inbound listener port",
    fallback: "15006",
  },
  outboundPort: {
    flag: "outbound-port",
    env: "WEFT_PROXY_OUTBOUND_PORT",
    help: "outbound listener port",
    fallback: "15001",
  },
  adminPort: {
    flag: "admin-port",
    env: "WEFT_PROXY_ADMIN_PORT",
    help: "admin listener port",
    fallback: "15000",
  },
  bind: { flag: "bind", env: "WEFT_PROXY_BIND", help: "interface the listeners bind", fallback: "127.0.0.1" },
  advertise: {
    flag: "advertise",
    env: "WEFT_PROXY_ADVERTISE",
    help: "inbound IP other sidecars use (default: bind address)",
  },
  nodeId: {
    flag: "node-id",
    env: "WEFT_PROXY_NODE_ID",
    help: "xDS node id (default <service>-<host>-<pid>)",
  },
  zone: { flag: "zone", env: "WEFT_PROXY_ZONE", help: "locality zone reported to the control plane" },
  headersTimeout: {
    flag: "headers-timeout-ms",
    env: "WEFT_PROXY_HEADERS_TIMEOUT_MS",
    help: "time a client has to send request headers",
    fallback: "10000",
  },
  traceSampling: {
    flag: "trace-sampling",
    env: "WEFT_PROXY_TRACE_SAMPLING",
    help: "share of new traces sampled, 0..1",
    fallback: "1",
  },
  exportInterval: {
    flag: "export-interval-ms",
    env: "WEFT_PROXY_EXPORT_INTERVAL_MS",
    help: "metric export interval",
    fallback: "10000",
  },
  drain: {
    flag: "drain-ms",
    env: "WEFT_PROXY_DRAIN_MS",
    help: "on SIGTERM, time requests in flight get to finish",
    fallback: "5000",
  },
} as const satisfies Record<string, Setting>;

type Key = keyof typeof SETTINGS;

export type ParsedOptions =
  | { ok: true; options: ProxyOptions; drainMs: number }
  | { ok: false; help: true }
  | { ok: false; errors: string[] };

export function proxyUsage(): string {
  const lines = Object.values(SETTINGS).map((s: Setting) => {
    const left = `  --${s.flag} <value>`.padEnd(32);
    const fallback = s.fallback === undefined ? "" : ` [${s.fallback}]`;
    return `${left}${s.help}${fallback}\n${"".padEnd(32)}env ${s.env}`;
  });
  return `usage: weft proxy --service <name> --app <host:port> [options]\n\n${lines.join("\n")}`;
}

export function parseProxyOptions(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ParsedOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries(
      Object.values(SETTINGS).map((s: Setting) => [s.flag, { type: "string" as const }]),
    );
    values = parseArgs({
      args: [...args],
      options: { ...options, help: { type: "boolean", short: "h" } },
      strict: true,
    }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    return { ok: false, errors: [(error as Error).message] };
  }
  if (values.help) return { ok: false, help: true };
  const errors: string[] = [];
  const raw = (key: Key): string | undefined => {
    const s: Setting = SETTINGS[key];
    const flag = values[s.flag];
    const value = typeof flag === "string" ? flag : (env[s.env] ?? s.fallback);
    return value === undefined || value.trim() === "" ? undefined : value.trim();
  };
  const where = (key: Key) => `--${SETTINGS[key].flag} (${SETTINGS[key].env})`;
  const service = raw("service");
  if (service === undefined) errors.push(`${where("service")} is required`);
  else if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(service))
    errors.push(`${where("service")} '${service}' must be a lowercase DNS label`);
  const labels = parseLabels(raw("labels"), errors, where("labels"));
  const appText = raw("app");
  const app = appText === undefined ? undefined : parseHostPort(appText);
  if (appText === undefined) errors.push(`${where("app")} is required`);
  else if (!app) errors.push(`${where("app")} '${appText}' must be host:port`);
  const xdsText = raw("xds") ?? "";
  if (!parseHostPort(xdsText)) errors.push(`${where("xds")} '${xdsText}' must be host:port`);
  const otlp = raw("otlp");
  if (otlp !== undefined && !/^https?:\/\/[^/\s]+/.test(otlp))
    errors.push(`${where("otlp")} '${otlp}' must be an http(s) URL`);
  const port = (key: Key) => integer(raw(key), 0, 65_535, where(key), errors);
  const bind = raw("bind") ?? "127.0.0.1";
  if (isIP(bind) === 0) errors.push(`${where("bind")} '${bind}' must be an IP address`);
  const advertise = raw("advertise");
  if (advertise !== undefined && isIP(advertise) === 0)
    errors.push(`${where("advertise")} '${advertise}' must be an IP address (endpoints are IP literals)`);
  const headersTimeoutMs = integer(raw("headersTimeout"), 100, 3_600_000, where("headersTimeout"), errors);
  const exportIntervalMs = integer(raw("exportInterval"), 100, 600_000, where("exportInterval"), errors);
  const drainMs = integer(raw("drain"), 0, 600_000, where("drain"), errors);
  const samplingText = raw("traceSampling") ?? "1";
  const traceSampling = Number(samplingText);
  if (!/^\d*\.?\d+$/.test(samplingText) || traceSampling > 1)
    errors.push(`${where("traceSampling")} '${samplingText}' must be a number from 0 to 1`);
  const inboundPort = port("inboundPort");
  const outboundPort = port("outboundPort");
  const adminPort = port("adminPort");
  if (errors.length > 0 || service === undefined || !app) return { ok: false, errors };
  const zone = raw("zone");
  const token = raw("token");
  return {
    ok: true,
    drainMs,
    options: {
      service,
      labels,
      nodeId: raw("nodeId") ?? `${service}-${os.hostname()}-${process.pid}`,
      ...(zone !== undefined && { zone }),
      app,
      xds: xdsText,
      ...(token !== undefined && { token }),
      ...(otlp !== undefined && { otlp }),
      bind,
      ...(advertise !== undefined && { advertise }),
      inboundPort,
      outboundPort,
      adminPort,
      headersTimeoutMs,
      maxHeaderBytes: 60 * 1024,
      bufferLimitBytes: 1024 * 1024,
      traceSampling,
      exportIntervalMs,
    },
  };
}

function parseLabels(text: string | undefined, errors: string[], where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  if (text === undefined) return labels;
  for (const part of text.split(",")) {
    const [key, value, extra] = part.split("=").map((p) => p.trim());
    if (
      !key ||
      value === undefined ||
      extra !== undefined ||
      !/^[A-Za-z0-9._/-]{1,63}$/.test(key) ||
      !/^[A-Za-z0-9._-]{0,63}$/.test(value)
    ) {
      errors.push(`${where} entry '${part}' must be key=value (letters, digits, . _ - /)`);
      continue;
    }
    labels[key] = value;
  }
  return labels;
}

/** "host:port" or "[v6]:port"; the host may be a name. */
export function parseHostPort(text: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(text);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (!host || !(port >= 1 && port <= 65_535)) return undefined;
  return { host, port };
}

function integer(
  text: string | undefined,
  min: number,
  max: number,
  where: string,
  errors: string[],
): number {
  const value = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || value < min || value > max) {
    errors.push(`${where} '${text ?? ""}' must be an integer from ${min} to ${max}`);
    return min;
  }
  return value;
}
