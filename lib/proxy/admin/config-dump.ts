/**
 * /config_dump: what the proxy is running with. Per xDS type the accepted version, when it was accepted,
 * the last rejection (version, reason) and the active resources as received; plus references that have
 * not arrived yet.
 */
import type { ProxyConfig } from "../config/model";
import { findMissingReferences } from "../config/references";
import type { TypeStatus } from "../xds/ads-session";
import { SHORT_NAMES } from "../xds/models";

export interface ConfigDumpInput {
  readonly node: {
    readonly id: string;
    readonly service: string;
    readonly labels: Readonly<Record<string, string>>;
  };
  readonly xds: { readonly address: string; readonly connected: boolean; readonly lastError: string };
  readonly ready: boolean;
  readonly types: readonly TypeStatus[];
  readonly config: ProxyConfig;
}

export function buildConfigDump(input: ConfigDumpInput): Record<string, unknown> {
  return {
    node: input.node,
    xds: input.xds,
    ready: input.ready,
    resources: Object.fromEntries(
      input.types.map((t) => [
        SHORT_NAMES[t.kind],
        {
          type_url: t.typeUrl,
          subscription: t.subscription,
          version: t.version,
          accepted_at: t.acceptedAt === undefined ? null : new Date(t.acceptedAt).toISOString(),
          accepted_updates: t.accepts,
          rejected_updates: t.rejects,
          last_rejection: t.rejected
            ? {
                version: t.rejected.version,
                nonce: t.rejected.nonce,
                at: new Date(t.rejected.at).toISOString(),
                error_detail: t.rejected.message,
              }
            : null,
          resources: t.resources,
        },
      ]),
    ),
    missing_references: findMissingReferences(input.config),
  };
}
