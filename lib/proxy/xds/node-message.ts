/**
 * The node this proxy announces on its ADS stream. The control plane registers the instance from it
 * (lib/xds/node.ts): metadata service, labels, inbound "ip:port" and client "weft-proxy"; zone from locality.
 */
import type { NodeMessage, ValueMessage } from "@/lib/xds/messages";

export const PROXY_USER_AGENT = "weft-proxy";
export const PROXY_VERSION = "0.1.0";

export interface NodeIdentity {
  readonly nodeId: string;
  readonly service: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The address other sidecars reach this proxy's inbound listener on (an IP literal). */
  readonly inbound: { readonly host: string; readonly port: number };
  readonly zone?: string;
}

export function buildNodeMessage(identity: NodeIdentity): NodeMessage {
  const text = (value: string): ValueMessage => ({ stringValue: value });
  const labelFields: Record<string, ValueMessage> = {};
  for (const [key, value] of Object.entries(identity.labels)) labelFields[key] = text(value);
  const { host, port } = identity.inbound;
  return {
    id: identity.nodeId,
    cluster: identity.service,
    metadata: {
      fields: {
        service: text(identity.service),
        labels: { structValue: { fields: labelFields } },
        inbound: text(host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`),
        client: text(PROXY_USER_AGENT),
      },
    },
    ...(identity.zone !== undefined && { locality: { zone: identity.zone } }),
    user_agent_name: PROXY_USER_AGENT,
    user_agent_version: PROXY_VERSION,
  };
}
