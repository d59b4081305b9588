import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession } from "../support/apiSession";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";
import { type StartedServer, startWeftServer } from "../support/weftProcess";

describe("JSON API: login, roles, CSRF, tokens and audit against a running weft server", () => {
  let t: TestDatabase;
  let server: StartedServer;
  let admin: ApiSession;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startWeftServer({ DATABASE_URL: t.url });
    admin = new ApiSession(server.url);
    expect((await admin.login("admin", server.adminPassword)).status).toBe(200);
  });
  afterAll(async () => {
    await server?.stop();
    await t?.drop();
  });

  const auditActions = async () =>
    (await t.db.pool.query<{ action: string }>("SELECT action FROM audit_events ORDER BY id")).rows.map(
      (r) => r.action,
    );

  it("answers health and readiness", async () => {
    expect(await (await fetch(`${server.url}/api/v1/health`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${server.url}/api/v1/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { database: "ok", migrations: "ok" } });
  });

  it("sets an HttpOnly SameSite session cookie and a readable CSRF cookie", async () => {
    const response = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: server.adminPassword }),
    });
    const cookies = response.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith("weft_session="))).toMatch(/HttpOnly; SameSite=Lax/);
    expect(cookies.find((c) => c.startsWith("weft_csrf="))).not.toMatch(/HttpOnly/);
    const body = (await response.json()) as { user: { username: string; role: string } };
    expect(body.user).toMatchObject({ username: "admin", role: "admin" });
  });

  it("gives one message for a wrong password and an unknown user, and audits both", async () => {
    const anon = new ApiSession(server.url);
    const wrong = await anon.login("admin", "not-the-password");
    const unknown = await anon.login("nobody", "whatever-password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = (await wrong.json()) as { error: { code: string; message: string } };
    const b = (await unknown.json()) as { error: { code: string; message: string } };
    expect(a).toEqual({ error: { code: "invalid_credentials", message: "wrong username or password" } });
    expect(b).toEqual(a);
    expect((await auditActions()).filter((x) => x === "auth.login_failed").length).toBeGreaterThanOrEqual(2);
  });

  it("rejects malformed, mistyped and oversized bodies with the error envelope", async () => {
    const bad = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("invalid_json");

    const form = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "username=admin&password=x",
    });
    expect(form.status).toBe(415);

    const huge = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: "x".repeat(100_000) }),
    });
    expect(huge.status).toBe(413);

    const invalid = await admin.json<{ error: { code: string; details: { path: string }[] } }>(
      "POST",
      "/api/v1/users",
      {
        username: "bad name!",
        password: "short",
        role: "superuser",
      },
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe("invalid_request");
    expect(invalid.body.error.details.map((d) => d.path).sort()).toEqual(["password", "role", "username"]);
  });

  it("requires the CSRF header on cookie-authenticated writes", async () => {
    const response = await admin.request(
      "POST",
      "/api/v1/users",
      { username: "nocsrf", password: "password1", role: "viewer" },
      { csrf: false },
    );
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("csrf_failed");
    const users = await admin.json<{ users: { username: string }[] }>("GET", "/api/v1/users");
    expect(users.body.users.map((u) => u.username)).not.toContain("nocsrf");
  });

  it("lets an admin create a viewer, who is refused admin endpoints with 403 and nothing changes", async () => {
    const created = await admin.json<{ user: { id: string; role: string } }>("POST", "/api/v1/users", {
      username: "vera",
      password: "vera-password",
      role: "viewer",
    });
    expect(created.status).toBe(200);
    expect(await auditActions()).toContain("user.create");

    const viewer = new ApiSession(server.url);
    expect((await viewer.login("vera", "vera-password")).status).toBe(200);
    expect((await viewer.json("GET", "/api/v1/audit")).status).toBe(200);
    expect((await viewer.json("GET", "/api/v1/users")).status).toBe(403);
    const attempt = await viewer.json<{ error: { code: string } }>("POST", "/api/v1/users", {
      username: "mallory",
      password: "mallory-password",
      role: "admin",
    });
    expect(attempt.status).toBe(403);
    expect(attempt.body.error.code).toBe("forbidden");
    expect((await t.db.prisma.user.findUnique({ where: { username: "mallory" } })) === null).toBe(true);

    // Disabling the viewer ends the viewer's session at once.
    expect(
      (await admin.json("PATCH", `/api/v1/users/${created.body.user.id}`, { disabled: true })).status,
    ).toBe(200);
    const after = await viewer.json<{ error: { code: string } }>("GET", "/api/v1/audit");
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("session_expired");
  });

  it("treats an expired session as logged out", async () => {
    const s = new ApiSession(server.url);
    await s.login("admin", server.adminPassword);
    expect((await s.json("GET", "/api/v1/auth/me")).status).toBe(200);
    // Expire every session of this login's age; the newest one is the one just made.
    await t.db.pool.query(
      "UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = (SELECT id FROM sessions ORDER BY created_at DESC LIMIT 1)",
    );
    const expired = await s.json<{ error: { code: string } }>("GET", "/api/v1/auth/me");
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe("session_expired");
  });

  it("refuses to remove the last admin with 409", async () => {
    const me = (await t.db.prisma.user.findUniqueOrThrow({ where: { username: "admin" } })).id;
    const response = await admin.json<{ error: { code: string } }>("PATCH", `/api/v1/users/${me}`, {
      role: "viewer",
    });
    expect(response.status).toBe(409);
    expect((await t.db.prisma.user.findUniqueOrThrow({ where: { id: me } })).role).toBe("admin");
  });

  it("authenticates API tokens by role, stores only their hash, and stops them when revoked", async () => {
    const created = await admin.json<{ token: string; summary: { id: string } }>("POST", "/api/v1/tokens", {
      name: "ci",
      role: "viewer",
    });
    expect(created.status).toBe(200);
    const token = created.body.token;
    const stored = await t.db.pool.query("SELECT token_hash FROM api_tokens WHERE id = $1", [
      created.body.summary.id,
    ]);
    expect(stored.rows[0].token_hash).not.toContain(token);
    const bearer = (path: string, init: RequestInit = {}) =>
      fetch(`${server.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...init.headers },
      });
    expect((await bearer("/api/v1/audit")).status).toBe(200);
    expect((await bearer("/api/v1/users")).status).toBe(403);
    expect((await admin.json("DELETE", `/api/v1/tokens/${created.body.summary.id}`)).status).toBe(200);
    const revoked = await bearer("/api/v1/audit");
    expect(revoked.status).toBe(401);
    expect(
      (await fetch(`${server.url}/api/v1/audit`, { headers: { authorization: "Bearer weft_nonsense" } }))
        .status,
    ).toBe(401);
  });

  it("rate-limits repeated failed logins with 429 and Retry-After", async () => {
    const anon = new ApiSession(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await anon.login("admin2", `wrong-${i}`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    const limited = await anon.login("admin2", "wrong-again");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("revokes the session on logout", async () => {
    const s = new ApiSession(server.url);
    await s.login("admin", server.adminPassword);
    const cookieBefore = s.csrfToken;
    expect(cookieBefore).not.toBe("");
    expect((await s.json("POST", "/api/v1/auth/logout")).status).toBe(200);
    expect((await s.json("GET", "/api/v1/auth/me")).status).toBe(401);
  });

  it("filters the audit trail", async () => {
    const result = await admin.json<{ events: { action: string; actorName: string }[] }>(
      "GET",
      "/api/v1/audit?action=user.&actor=admin",
    );
    expect(result.status).toBe(200);
    expect(result.body.events.length).toBeGreaterThan(0);
    expect(
      result.body.events.every((e) => e.action.startsWith("user.") && e.actorName.includes("admin")),
    ).toBe(true);
    const bad = await admin.json("GET", "/api/v1/audit?limit=100000");
    expect(bad.status).toBe(400);
  });
});
