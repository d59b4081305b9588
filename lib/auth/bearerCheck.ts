// Bearer-token checks for the machine-facing listeners (OTLP ingest, xDS), which have no sessions: the API
// tokens of tokens.ts with a minimum role. Valid tokens are remembered for a few seconds so that a busy
// client does not cost a database lookup per request; a revoked token stops working within that time.

import { type Role, roleAllows } from "./roles";

/** Looks a token up; null when it is unknown, expired or revoked. Throws when the database is unreachable. */
export type TokenLookup = (token: string) => Promise<{ role: Role } | null>;

export type BearerVerdict =
  | { ok: true }
  | { ok: false; kind: "missing" | "invalid" | "unavailable" }
  | { ok: false; kind: "forbidden"; role: Role };

const MAX_CACHED_TOKENS = 1024;

export class BearerCheck {
  private readonly cache = new Map<string, { role: Role; until: number }>();

  constructor(
    private readonly minimumRole: Role,
    private readonly lookup: TokenLookup,
    private readonly cacheMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Checks an Authorization header value ("Bearer <token>"). */
  async check(authorization: string | null | undefined): Promise<BearerVerdict> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    if (!token) return { ok: false, kind: "missing" };
    const role = await this.roleOf(token);
    if (role === undefined) return { ok: false, kind: "unavailable" };
    if (role === null) return { ok: false, kind: "invalid" };
    if (!roleAllows(role, this.minimumRole)) return { ok: false, kind: "forbidden", role };
    return { ok: true };
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
