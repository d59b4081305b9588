import { describe, expect, it } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { IngestAuth } from "./ingest-auth";

function setup(tokens: Record<string, Role>, down = false) {
  let lookups = 0;
  let now = 0;
  const auth = new IngestAuth(
    "token",
    async (token) => {
      lookups++;
      if (down) throw new Error("connect ECONNREFUSED");
      const role = tokens[token];
      return role === undefined ? null : { role };
    },
    10_000,
    () => now,
  );
  return { auth, lookups: () => lookups, setNow: (ms: number) => (now = ms) };
}

describe("IngestAuth", () => {
  it("lets everything through when off", async () => {
    const auth = new IngestAuth("none", async () => {
      throw new Error("not called");
    });
    expect(await auth.check(null)).toBeNull();
  });

  it("needs a bearer token of role operator or above", async () => {
    const { auth } = setup({ weft_op: "operator", weft_admin: "admin", weft_viewer: "viewer" });
    expect(await auth.check("Bearer weft_op")).toBeNull();
    expect(await auth.check("bearer weft_admin")).toBeNull();
    expect(await auth.check(null)).toMatchObject({ ok: false, kind: "unauthenticated" });
    expect(await auth.check("Basic abc")).toMatchObject({ ok: false, kind: "unauthenticated" });
    expect(await auth.check("Bearer weft_unknown")).toMatchObject({ ok: false, kind: "unauthenticated" });
    expect(await auth.check("Bearer weft_viewer")).toMatchObject({
      ok: false,
      kind: "forbidden",
      message: "sending telemetry needs a token with the operator role; this one is viewer",
    });
  });

  it("remembers a valid token for a while, not an invalid one", async () => {
    const { auth, lookups, setNow } = setup({ weft_op: "operator" });
    await auth.check("Bearer weft_op");
    await auth.check("Bearer weft_op");
    expect(lookups()).toBe(1);
    setNow(10_001);
    await auth.check("Bearer weft_op");
    expect(lookups()).toBe(2);
    await auth.check("Bearer weft_bad");
    await auth.check("Bearer weft_bad");
    expect(lookups()).toBe(4);
  });

  it("answers unavailable (retry) when the token cannot be checked", async () => {
    const { auth } = setup({}, true);
    expect(await auth.check("Bearer weft_op")).toMatchObject({
      ok: false,
      kind: "unavailable",
      retryAfterSeconds: 1,
    });
  });
});
