import { isIP } from "node:net";
import type { NodeMessage, StructMessage, ValueMessage } from "./messages";

// Who is on the other end of a stream: the node id (required) and what Weft reads from node metadata.
// Metadata keys (all optional): service (string), labels (struct of strings), inbound ("ip:port"),
// client ("weft-proxy" | "envoy" | "grpc-js-xds"); the zone comes from node.locality.zone.

export const KNOWN_CLIENTS = ["weft-proxy", "envoy", "grpc-js-xds"] as const;
export type ClientKind = (typeof KNOWN_CLIENTS)[number] | "unknown";

export interface NodeInfo {
  id: string;
  cluster: string;
  service?: string;
  labels: Readonly<Record<string, string>>;
  inbound?: { host: string; port: number };
  zone?: string;
  client: ClientKind;
  userAgent?: string;
  /** Metadata that was present but unusable; the stream still opens. */
  problems: readonly string[];
}

export type NodeParseResult = { ok: true; node: NodeInfo } | { ok: false; message: string };

const MAX_NODE_ID_LENGTH = 256;
const MAX_LABELS = 64;

export function parseNode(message: NodeMessage | null | undefined): NodeParseResult {
  const id = message?.id ?? "";
  if (id === "") {
    return {
      ok: false,
      message: "the first request on an ADS stream must carry node.id (set it in the bootstrap)",
    };
  }
  if (id.length > MAX_NODE_ID_LENGTH) {
    return {
      ok: false,
      message: `node.id is ${id.length} characters long; the limit is ${MAX_NODE_ID_LENGTH}`,
    };
  }
  const problems: string[] = [];
  const fields = message?.metadata?.fields ?? {};
  const node: NodeInfo = {
    id,
    cluster: message?.cluster ?? "",
    labels: parseLabels(fields.labels, problems),
    client: parseClient(fields.client, message?.user_agent_name, problems),
    problems,
  };
  const service = stringValue(fields.service);
  if (service !== undefined) node.service = service;
  else if (fields.service) problems.push("metadata.service must be a string");
  if (fields.inbound) {
    const inbound = parseHostPort(stringValue(fields.inbound) ?? "");
    if (inbound) node.inbound = inbound;
    else problems.push('metadata.inbound must be "ip:port"');
  }
  const zone = message?.locality?.zone;
  if (zone) node.zone = zone;
  const userAgent = [message?.user_agent_name, message?.user_agent_version].filter(Boolean).join("/");
  if (userAgent) node.userAgent = userAgent;
  return { ok: true, node };
}

function stringValue(value: ValueMessage | undefined): string | undefined {
  return typeof value?.stringValue === "string" && (value.kind === undefined || value.kind === "stringValue")
    ? value.stringValue
    : undefined;
}

function parseLabels(value: ValueMessage | undefined, problems: string[]): Record<string, string> {
  if (!value) return {};
  const struct: StructMessage | undefined = value.structValue ?? undefined;
  if (!struct) {
    problems.push("metadata.labels must be a struct of strings");
    return {};
  }
  const labels: Record<string, string> = {};
  const entries = Object.entries(struct.fields ?? {});
  if (entries.length > MAX_LABELS)
    problems.push(`metadata.labels has ${entries.length} entries; kept ${MAX_LABELS}`);
  for (const [key, item] of entries.slice(0, MAX_LABELS)) {
    const text = stringValue(item);
    if (text === undefined) problems.push(`metadata.labels.${key} must be a string`);
    else labels[key] = text;
  }
  return labels;
}

function parseClient(value: ValueMessage | undefined, userAgentName: string | undefined, problems: string[]) {
  const declared = stringValue(value);
  if (declared !== undefined) {
    const known = KNOWN_CLIENTS.find((client) => client === declared);
    if (known) return known;
    problems.push(`metadata.client "${declared}" is not one of ${KNOWN_CLIENTS.join(", ")}`);
  }
  return guessClient(userAgentName ?? "");
}

/** Without a declared client, the user agent tells Envoy and gRPC apart (grpc-js-xds: "gRPC Node Pure JS"). */
function guessClient(userAgentName: string): ClientKind {
  if (userAgentName === "envoy") return "envoy";
  if (/grpc node/i.test(userAgentName)) return "grpc-js-xds";
  return "unknown";
}

/** "10.0.0.1:8080" or "[::1]:8080": an IP literal (what endpoints need) and a port. */
export function parseHostPort(text: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+)):(\d{1,5})$/.exec(text);
  if (!match) return undefined;
  const port = Number(match[3]);
  const host = match[1] ?? match[2];
  if (!host || isIP(host) === 0 || port < 1 || port > 65_535) return undefined;
  return { host, port };
}
