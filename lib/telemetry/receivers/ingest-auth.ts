// Optional bearer-token authentication for OTLP ingest (WEFT_INGEST_AUTH=token): the API tokens of
// lib/auth/tokens.ts, role operator or above. Valid tokens are remembered for a few seconds so that a busy
// exporter does not cost a database lookup per export; a revoked token stops working within that time.

import { type Role, roleAllows } from "@/lib/auth/roles";
import { failure, type OtlpOutcome } from "./outcome";

export type IngestAuthMode = "none" | "token";

/** Minimum role of an ingest token. */
export const INGEST_ROLE: Role = "operator";

/** Looks a token up; null when it is unknown, expired or revoked. Throws when the database is unreachable. */
export type TokenLookup = (token: string) => Promise<{ role: Role } | null>;

const MAX_CACHED_TOKENS = 1024;

export class IngestAuth {
  private readonly cache = new Map<string, { role: Role; until: number }>();

  constructor(
    private readonly mode: IngestAuthMode,
    private readonly lookup: TokenLookup,
    private readonly cacheMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get required(): boolean {
    return this.mode === "token";
  }

  /** null when the request may proceed, otherwise the outcome to answer with. */
  async check(authorization: string | null | undefined): Promise<OtlpOutcome | null> {
    if (this.mode === "none") return null;
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    if (!token) return failure("unauthenticated", "send an API token: Authorization: Bearer weft_...");
    const role = await this.roleOf(token);
    if (role === undefined)
      return failure("unavailable", "cannot check the token: the database is unavailable", 1);
    if (role === null) return failure("unauthenticated", "the bearer token is unknown, expired or revoked");
    if (!roleAllows(role, INGEST_ROLE))
      return failure(
        "forbidden",
        `sending telemetry needs a token with the ${INGEST_ROLE} role; this one is ${role}`,
      );
    return null;
  }

  /** The token's role, null for an invalid token, undefined when it cannot be checked now. */
  private async roleOf(token: string): Promise<Role | null | undefined> {
    const now = this.now();
    const cached = this.cache.get(token);
    if (cached !== undefined && cached.until > now) return cached.role;
    let found: { role: Role } | null;
    try {
      found = await this.lookup(token);
    } catch {
      return undefined;
    }
    this.cache.delete(token);
    if (found === null) return null;
    if (this.cache.size >= MAX_CACHED_TOKENS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(token, { role: found.role, until: now + this.cacheMs });
    return found.role;
  }
}
