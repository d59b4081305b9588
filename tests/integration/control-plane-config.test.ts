import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BearerApi, type Role, roleApis } from "../support/meshApi";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";
import { type StartedServer, startWeftServer } from "../support/weftProcess";

// The mesh config as versioned revisions, through the real API of a running weft server: apply (YAML and
// JSON), validation with every problem and its path, 409 on a stale revision, restore, audit, roles.

const REVIEWS = `
services:
  - name: reviews
    subsets:
      - { name: v1, labels: { version: v1 } }
      - { name: v2, labels: { version: v2 } }
    routes:
      - name: split
        destinations:
          - { service: reviews, subset: v1, weight: 80 }
          - { service: reviews, subset: v2, weight: 20 }
  - name: ratings
`;

interface Commit {
  changed: boolean;
  revision: {
    number: number;
    author: string;
    message: string;
    summary: string[];
    restoredFrom: number | null;
  };
  previousRevision: number;
  summary: string[];
}
interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

describe("mesh config revisions through the API", () => {
  let t: TestDatabase;
  let server: StartedServer;
  let api: Record<Role, BearerApi>;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startWeftServer({ DATABASE_URL: t.url });
    api = await roleApis(server);
  });
  afterAll(async () => {
    await server?.stop();
    await t?.drop();
  });

  const revisionCount = async () =>
    Number((await t.db.pool.query("SELECT count(*) AS n FROM mesh_revisions")).rows[0].n);
  const auditRows = async (prefix: string) =>
    (
      await t.db.pool.query<{ action: string; actor_name: string; summary: string; target: string }>(
        "SELECT action, actor_name, summary, target FROM audit_events WHERE action LIKE $1 ORDER BY id",
        [`${prefix}%`],
      )
    ).rows;

  it("starts at revision 0, the empty mesh, in JSON and YAML", async () => {
    const json = await api.viewer.json<{ revision: { number: number }; config: unknown }>(
      "GET",
      "/api/v1/config",
    );
    expect(json.status).toBe(200);
    expect(json.headers.get("etag")).toBe('"0"');
    expect(json.body).toMatchObject({ revision: { number: 0 }, config: { services: [] } });
    const yaml = await api.viewer.request("GET", "/api/v1/config?format=yaml");
    expect(yaml.headers.get("content-type")).toMatch(/^application\/yaml/);
    expect(await yaml.text()).toBe("# weft mesh config, revision 0\nservices: []\n");
  });

  it("rejects an invalid config with every problem and its path, and applies nothing", async () => {
    const bad = REVIEWS.replace("weight: 20", "weight: 30").replace("subset: v2", "subset: v9");
    const result = await api.admin.yaml<ErrorBody>("PUT", "/api/v1/config", `${bad}  - name: Bad_Name\n`);
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe("invalid_config");
    expect(result.body.error.details).toEqual([
      expect.objectContaining({ path: "services[2].name", line: 13 }),
    ]);
    const semantic = await api.admin.yaml<ErrorBody>("PUT", "/api/v1/config", bad);
    // Validation knows paths; the server adds where they are in the document that was sent.
    expect(semantic.body.error.details).toEqual([
      {
        path: "services[0].routes[0].destinations[1].subset",
        message: 'service "reviews" has no subset "v9" (known: v1, v2)',
        line: 11,
        column: expect.any(Number),
      },
      {
        path: "services[0].routes[0].destinations",
        message: "weights sum to 110; they must sum to 100",
        line: 10,
        column: 11,
      },
    ]);
    expect(semantic.body.error.message).toMatch(/^the mesh config has 2 problems, nothing was applied: /);
    expect(await revisionCount()).toBe(0);
    expect(await auditRows("mesh.")).toEqual([]);
  });

  it("applies a YAML document as revision 1 with its author, message, diff summary and audit row", async () => {
    const result = await api.admin.yaml<Commit>("PUT", "/api/v1/config?message=first%20cut", REVIEWS);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      changed: true,
      previousRevision: 0,
      revision: { number: 1, author: "token:admin-token", message: "first cut" },
      summary: ["reviews: service added", "ratings: service added"],
    });
    const current = await api.viewer.json<{ config: { services: { name: string }[] } }>(
      "GET",
      "/api/v1/config",
    );
    expect(current.headers.get("etag")).toBe('"1"');
    expect(current.body.config.services.map((service) => service.name)).toEqual(["reviews", "ratings"]);
    expect(await auditRows("mesh.")).toEqual([
      {
        action: "mesh.apply",
        actor_name: "token:admin-token",
        target: "config",
        summary: "revision 1 (first cut): reviews: service added; ratings: service added",
      },
    ]);
  });

  it("creates no revision for an identical config, whatever its format or key order", async () => {
    const same = {
      config: {
        services: [
          {
            routes: [
              {
                destinations: [
                  { weight: 80, subset: "v1", service: "reviews" },
                  { service: "reviews", subset: "v2", weight: 20 },
                ],
                name: "split",
              },
            ],
            name: "reviews",
            subsets: [
              { name: "v1", labels: { version: "v1" } },
              { name: "v2", labels: { version: "v2" } },
            ],
          },
          { name: "ratings" },
        ],
      },
    };
    const result = await api.admin.json<Commit>("PUT", "/api/v1/config", same);
    expect(result.body).toMatchObject({ changed: false, revision: { number: 1 }, summary: [] });
    expect(await revisionCount()).toBe(1);
  });

  it("answers 409 to a change based on a stale revision, and lets exactly one of two racing changes in", async () => {
    const changed = REVIEWS.replace("weight: 80", "weight: 70").replace("weight: 20", "weight: 30");
    const stale = await api.admin.yaml<ErrorBody & { error: { details: unknown } }>(
      "PUT",
      "/api/v1/config?expectedRevision=0",
      changed,
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error).toEqual({
      code: "stale_revision",
      message:
        "revision 0 is no longer current (the mesh is at revision 1); reload, redo the change and retry",
      details: { expectedRevision: 0, currentRevision: 1 },
    });
    const race = await Promise.all(
      [70, 60].map((v1) =>
        api.admin.request("PUT", "/api/v1/config", {
          body: REVIEWS.replace("weight: 80", `weight: ${v1}`).replace("weight: 20", `weight: ${100 - v1}`),
          type: "application/yaml",
          headers: { "if-match": '"1"' },
        }),
      ),
    );
    expect(race.map((response) => response.status).sort()).toEqual([200, 409]);
    expect(await revisionCount()).toBe(2);
  });

  it("lists revisions newest first and shows one with its config and structured diff", async () => {
    const list = await api.viewer.json<{
      revisions: { number: number; summary: string[] }[];
      nextBefore: number | null;
    }>("GET", "/api/v1/revisions?limit=1");
    expect(list.body.revisions).toHaveLength(1);
    expect(list.body.revisions[0]?.number).toBe(2);
    expect(list.body.revisions[0]?.summary[0]).toMatch(/^reviews: weights v1 80→(70|60), v2 20→(30|40)$/);
    expect(list.body.nextBefore).toBe(2);
    const older = await api.viewer.json<{ revisions: { number: number }[] }>(
      "GET",
      "/api/v1/revisions?before=2",
    );
    expect(older.body.revisions.map((r) => r.number)).toEqual([1]);
    const one = await api.viewer.json<{ revision: { number: number; diff: { entries: unknown[] } } }>(
      "GET",
      "/api/v1/revisions/2",
    );
    expect(one.body.revision.diff.entries).toEqual([
      expect.objectContaining({
        path: "services[reviews].routes[split].destinations[reviews|v1].weight",
        kind: "changed",
        before: 80,
      }),
      expect.objectContaining({
        path: "services[reviews].routes[split].destinations[reviews|v2].weight",
        kind: "changed",
        before: 20,
      }),
    ]);
    expect((await api.viewer.json("GET", "/api/v1/revisions/0")).body).toMatchObject({
      revision: { number: 0, config: { services: [] } },
    });
    expect((await api.viewer.json("GET", "/api/v1/revisions/99")).status).toBe(404);
    expect((await api.viewer.json("GET", "/api/v1/revisions/-1")).status).toBe(400);
    expect((await api.viewer.json("GET", "/api/v1/revisions?limit=1000")).status).toBe(400);
  });

  it("restores an old revision as a new one, recording where it came from", async () => {
    const restored = await api.admin.json<Commit>("POST", "/api/v1/revisions/1/restore", { message: "undo" });
    expect(restored.body).toMatchObject({
      changed: true,
      revision: { number: 3, restoredFrom: 1, message: "undo" },
      previousRevision: 2,
    });
    const now = await api.viewer.json<{ revision: { configHash: string } }>("GET", "/api/v1/revisions/3");
    const first = await api.viewer.json<{ revision: { configHash: string } }>("GET", "/api/v1/revisions/1");
    expect(now.body.revision.configHash).toBe(first.body.revision.configHash);
    expect((await api.admin.json("POST", "/api/v1/revisions/42/restore")).status).toBe(404);
    const again = await api.admin.json<Commit>("POST", "/api/v1/revisions/1/restore");
    expect(again.body).toMatchObject({ changed: false, revision: { number: 3 } });
    expect((await auditRows("mesh.restore")).map((row) => row.target)).toEqual(["revision 1"]);
  });

  it("keeps revisions append-only in the database", async () => {
    await expect(t.db.pool.query("UPDATE mesh_revisions SET message = 'x'")).rejects.toThrow(/append-only/);
    await expect(t.db.pool.query("DELETE FROM mesh_revisions")).rejects.toThrow(/append-only/);
  });

  it("lets viewers read and dry-run, and only admins change the config", async () => {
    expect((await api.viewer.yaml("PUT", "/api/v1/config", REVIEWS)).status).toBe(403);
    expect((await api.operator.yaml("PUT", "/api/v1/config", REVIEWS)).status).toBe(403);
    expect((await api.operator.json("POST", "/api/v1/revisions/1/restore")).status).toBe(403);
    expect((await api.viewer.yaml("POST", "/api/v1/config/dry-run", REVIEWS)).status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/config`)).status).toBe(401);
  });

  it("bounds and types request bodies", async () => {
    const huge = `services: []\n# ${"x".repeat(3 * 1024 * 1024)}\n`;
    expect((await api.admin.yaml<ErrorBody>("PUT", "/api/v1/config", huge)).status).toBe(413);
    const text = await api.admin.request("PUT", "/api/v1/config", {
      body: "services: []",
      type: "text/plain",
    });
    expect(text.status).toBe(415);
    const unknownKey = await api.admin.yaml<ErrorBody>("PUT", "/api/v1/config", "services: []\nextra: 1\n");
    expect(unknownKey.body.error.details).toEqual([expect.objectContaining({ path: "", line: 1 })]);
    expect(await revisionCount()).toBe(3);
  });
});
