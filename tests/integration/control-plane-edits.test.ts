import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BearerApi, type Role, roleApis } from "../support/meshApi";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";
import { type StartedServer, startWeftServer } from "../support/weftProcess";

// The fine-grained edits the console's forms make: weights of one rule, a fault with expiry, the kill
// switch, external endpoints. Each is one revision, validated like a whole config, and audited.

const MESH = `
services:
  - name: greeter
    subsets:
      - { name: v1, labels: { version: v1 } }
      - { name: v2, labels: { version: v2 } }
    routes:
      - name: canary
        match: { headers: [{ name: x-canary, exact: "true" }] }
        destinations: [{ service: greeter, subset: v2 }]
      - destinations:
          - { service: greeter, subset: v1, weight: 80 }
          - { service: greeter, subset: v2, weight: 20 }
        fault:
          delay: { percentage: 10, duration: 50ms }
`;

interface Commit {
  changed: boolean;
  revision: { number: number; message: string };
  summary: string[];
  removed?: { service: string; rule: string }[];
}
interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}
interface ConfigBody {
  config: {
    services: {
      routes?: { name?: string; destinations: unknown[]; fault?: { expiresAt?: string } }[];
      endpoints?: unknown[];
    }[];
  };
}

describe("form edits through the API", () => {
  let t: TestDatabase;
  let server: StartedServer;
  let api: Record<Role, BearerApi>;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startWeftServer({ DATABASE_URL: t.url });
    api = await roleApis(server);
    expect((await api.admin.yaml("PUT", "/api/v1/config", MESH)).status).toBe(200);
  });
  afterAll(async () => {
    await server?.stop();
    await t?.drop();
  });

  const rules = async () =>
    (await api.viewer.json<ConfigBody>("GET", "/api/v1/config")).body.config.services[0]?.routes ?? [];

  it("sets the weights of one rule (by index when unnamed) as one revision", async () => {
    const result = await api.admin.json<Commit>("PUT", "/api/v1/services/greeter/routes/1/weights", {
      destinations: [
        { service: "greeter", subset: "v1", weight: 50 },
        { service: "greeter", subset: "v2", weight: 50 },
      ],
      message: "even split",
      expectedRevision: 1,
    });
    expect(result.body).toMatchObject({
      changed: true,
      revision: { number: 2, message: "even split" },
      summary: ["greeter: weights v1 80→50, v2 20→50"],
    });
    expect((await rules())[1]?.destinations).toEqual([
      { service: "greeter", subset: "v1", weight: 50 },
      { service: "greeter", subset: "v2", weight: 50 },
    ]);
  });

  it("validates edits like whole configs and names what is unknown", async () => {
    const sum = await api.admin.json<ErrorBody>("PUT", "/api/v1/services/greeter/routes/1/weights", {
      destinations: [
        { service: "greeter", subset: "v1", weight: 60 },
        { service: "greeter", subset: "v3", weight: 60 },
      ],
    });
    expect(sum.status).toBe(400);
    expect(sum.body.error.details).toEqual([
      {
        path: "services[0].routes[1].destinations[1].subset",
        message: 'service "greeter" has no subset "v3" (known: v1, v2)',
      },
      { path: "services[0].routes[1].destinations", message: "weights sum to 120; they must sum to 100" },
    ]);
    const negative = await api.admin.json<ErrorBody>("PUT", "/api/v1/services/greeter/routes/1/weights", {
      destinations: [{ service: "greeter", weight: -1 }],
    });
    expect(negative.status).toBe(400);
    const noService = await api.admin.json<ErrorBody>("PUT", "/api/v1/services/nope/routes/1/weights", {
      destinations: [{ service: "greeter" }],
    });
    expect(noService.status).toBe(404);
    expect(noService.body.error.message).toBe('service "nope" is not in the mesh config');
    const noRule = await api.admin.json<ErrorBody>("PUT", "/api/v1/services/greeter/routes/split/weights", {
      destinations: [{ service: "greeter" }],
    });
    expect(noRule.body.error.message).toBe('service "greeter" has no rule "split" (rules: canary, 1)');
    const stale = await api.admin.json<ErrorBody>("PUT", "/api/v1/services/greeter/routes/1/weights", {
      destinations: [{ service: "greeter" }],
      expectedRevision: 1,
    });
    expect(stale.status).toBe(409);
    const badName = await api.admin.json("PUT", "/api/v1/services/Greeter!/routes/1/weights", {
      destinations: [{ service: "greeter" }],
    });
    expect(badName.status).toBe(400);
    expect(Number((await t.db.pool.query("SELECT max(number) AS n FROM mesh_revisions")).rows[0].n)).toBe(2);
  });

  it("adds a fault that expires, and clears it", async () => {
    const before = Date.now();
    const set = await api.admin.json<Commit>("PUT", "/api/v1/services/greeter/routes/canary/fault", {
      fault: { abort: { percentage: 50, grpcStatus: 14 } },
      expiresIn: "10m",
    });
    expect(set.body.summary).toEqual(["greeter: routes[canary].fault added"]);
    const expiresAt = Date.parse((await rules())[0]?.fault?.expiresAt ?? "");
    expect(expiresAt).toBeGreaterThanOrEqual(before + 600_000);
    expect(expiresAt).toBeLessThan(Date.now() + 600_000 + 1_000);
    const cleared = await api.admin.json<Commit>("DELETE", "/api/v1/services/greeter/routes/canary/fault");
    expect(cleared.body.summary).toEqual(["greeter: routes[canary].fault removed"]);
    const again = await api.admin.json<ErrorBody>("DELETE", "/api/v1/services/greeter/routes/canary/fault");
    expect(again.status).toBe(404);
    const noBoth = await api.admin.json<ErrorBody>("PUT", "/api/v1/services/greeter/routes/canary/fault", {
      fault: {},
    });
    expect(noBoth.status).toBe(400);
  });

  it("kill switch: an operator removes every fault at once; viewers may not", async () => {
    await api.admin.json("PUT", "/api/v1/services/greeter/routes/canary/fault", {
      fault: { abort: { percentage: 100, httpStatus: 503 } },
    });
    expect((await api.viewer.json("POST", "/api/v1/faults/clear-all")).status).toBe(403);
    const killed = await api.operator.json<Commit>("POST", "/api/v1/faults/clear-all");
    expect(killed.status).toBe(200);
    expect(killed.body).toMatchObject({
      changed: true,
      revision: { message: "kill switch: remove every fault" },
      removed: [
        { service: "greeter", rule: "canary" },
        { service: "greeter", rule: "1" },
      ],
    });
    expect((await rules()).filter((rule) => rule.fault)).toEqual([]);
    const nothing = await api.operator.json<Commit>("POST", "/api/v1/faults/clear-all");
    expect(nothing.body).toMatchObject({ changed: false, removed: [] });
    const audit = await t.db.pool.query(
      "SELECT actor_name FROM audit_events WHERE action = 'mesh.fault.clear_all'",
    );
    expect(audit.rows).toEqual([{ actor_name: "token:operator-token" }]);
    // Operators may not change anything else.
    expect((await api.operator.json("DELETE", "/api/v1/services/greeter/routes/canary/fault")).status).toBe(
      403,
    );
  });

  it("adds and removes external endpoints", async () => {
    const added = await api.admin.json<Commit>("POST", "/api/v1/services/greeter/endpoints", {
      endpoint: { address: "10.0.0.7", port: 50051, labels: { version: "v1" }, zone: "zone-a" },
    });
    expect(added.body.summary).toEqual(["greeter: endpoints added"]);
    const ipv6 = await api.admin.json<Commit>("POST", "/api/v1/services/greeter/endpoints", {
      endpoint: { address: "fd00::7", port: 50051 },
    });
    expect(ipv6.status).toBe(200);
    const hostname = await api.admin.json<ErrorBody>("POST", "/api/v1/services/greeter/endpoints", {
      endpoint: { address: "greeter.internal", port: 50051 },
    });
    expect(hostname.status).toBe(400);
    const removed = await api.admin.json<Commit>(
      "DELETE",
      "/api/v1/services/greeter/endpoints?address=fd00::7&port=50051",
    );
    expect(removed.status).toBe(200);
    const config = await api.viewer.json<ConfigBody>("GET", "/api/v1/config");
    expect(config.body.config.services[0]?.endpoints).toEqual([
      { address: "10.0.0.7", port: 50051, labels: { version: "v1" }, zone: "zone-a" },
    ]);
    const missing = await api.admin.json<ErrorBody>(
      "DELETE",
      "/api/v1/services/greeter/endpoints?address=10.9.9.9&port=1",
    );
    expect(missing.status).toBe(404);
  });
});
