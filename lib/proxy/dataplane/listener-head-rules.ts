/**
 * A connection manager's own rules for a request head, applied after the proxy's validation once the
 * listener is known: its stricter size limits (431) and its headers_with_underscores_action (400, or the
 * headers are dropped before routing, as Envoy's codec does).
 */
import type { IncomingHttpHeaders } from "node:http";
import type { HttpConnectionManagerConfig } from "../config/model";
import { checkHeadSize, type HeadLimits } from "../http/request-head";
import { stricterHeadLimits } from "./connection-settings";

export interface HeadRuleRefusal {
  readonly status: 400 | 431;
  readonly reason: string;
}

export function applyListenerHeadRules(
  head: { readonly rawHeaders: readonly string[]; readonly headers: IncomingHttpHeaders },
  base: HeadLimits,
  http: HttpConnectionManagerConfig | undefined,
): HeadRuleRefusal | undefined {
  if (!http) return undefined;
  const limits = stricterHeadLimits(base, http);
  const tooLarge = limits && checkHeadSize(head.rawHeaders, limits);
  if (tooLarge) return { status: 431, reason: tooLarge.reason };
  const action = http.downstream.headersWithUnderscores;
  if (action === "allow") return undefined;
  for (const name of Object.keys(head.headers)) {
    if (!name.includes("_")) continue;
    if (action === "reject")
      return { status: 400, reason: `header name ${JSON.stringify(name)} contains an underscore` };
    delete head.headers[name];
  }
  return undefined;
}
