// Optional bearer-token authentication for OTLP ingest (WEFT_INGEST_AUTH=token): an API token of role
// operator or above (lib/auth/bearerCheck.ts), answered as the OTLP specification asks.

import { BearerCheck, type TokenLookup } from "@/lib/auth/bearerCheck";
import type { Role } from "@/lib/auth/roles";
import { failure, type OtlpOutcome } from "./outcome";

export type IngestAuthMode = "none" | "token";
export type { TokenLookup };

/** Minimum role of an ingest token. */
export const INGEST_ROLE: Role = "operator";

export class IngestAuth {
  private readonly bearer: BearerCheck;

  constructor(
    private readonly mode: IngestAuthMode,
    lookup: TokenLookup,
    cacheMs = 10_000,
    now: () => number = Date.now,
  ) {
    this.bearer = new BearerCheck(INGEST_ROLE, lookup, cacheMs, now);
  }

  get required(): boolean {
    return this.mode === "token";
  }

  /** null when the request may proceed, otherwise the outcome to answer with. */
  async check(authorization: string | null | undefined): Promise<OtlpOutcome | null> {
    if (this.mode === "none") return null;
    const verdict = await this.bearer.check(authorization);
    if (verdict.ok) return null;
    switch (verdict.kind) {
      case "missing":
        return failure("unauthenticated", "send an API token: Authorization: Bearer weft_...");
      case "invalid":
        return failure("unauthenticated", "the bearer token is unknown, expired or revoked");
      case "unavailable":
        return failure("unavailable", "cannot check the token: the database is unavailable", 1);
      case "forbidden":
        return failure(
          "forbidden",
          `sending telemetry needs a token with the ${INGEST_ROLE} role; this one is ${verdict.role}`,
        );
    }
  }
}
