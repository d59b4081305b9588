// Optional token authentication of xDS streams (WEFT_XDS_AUTH=token). A proxy that connects registers its
// instance as an endpoint, which changes where traffic goes, so its token needs the operator role, like
// sending telemetry. `weft proxy --token` sends it as `authorization: Bearer …` metadata.

import { status } from "@grpc/grpc-js";
import { BearerCheck, type TokenLookup } from "@/lib/auth/bearerCheck";
import type { Role } from "@/lib/auth/roles";
import type { StreamRefusal } from "../server";

export const XDS_ROLE: Role = "operator";

/** The xDS server's `authorize` option for token mode. */
export function xdsTokenAuthorizer(
  lookup: TokenLookup,
  cacheMs?: number,
  now?: () => number,
): (authorization: string | undefined) => Promise<StreamRefusal | null> {
  const bearer = new BearerCheck(XDS_ROLE, lookup, cacheMs, now);
  return async (authorization) => {
    const verdict = await bearer.check(authorization);
    if (verdict.ok) return null;
    switch (verdict.kind) {
      case "missing":
        return {
          code: status.UNAUTHENTICATED,
          details:
            "this control plane needs an API token: weft proxy --token weft_... (authorization metadata)",
        };
      case "invalid":
        return { code: status.UNAUTHENTICATED, details: "the bearer token is unknown, expired or revoked" };
      case "unavailable":
        return { code: status.UNAVAILABLE, details: "cannot check the token: the database is unavailable" };
      case "forbidden":
        return {
          code: status.PERMISSION_DENIED,
          details: `an xDS client needs a token with the ${XDS_ROLE} role; this one is ${verdict.role}`,
        };
    }
  };
}
