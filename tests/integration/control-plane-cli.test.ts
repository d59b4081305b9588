import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BearerApi, roleApis } from "../support/meshApi";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";
import { runWeft, type StartedServer, startWeftServer } from "../support/weftProcess";

// `weft apply | get config | history | rollback` as real processes against a real server.

const MESH = `services:
  - name: reviews
    subsets:
      - { name: v1, labels: { version: v1 } }
      - { name: v2, labels: { version: v2 } }
    routes:
      - name: split
        destinations:
          - { service: reviews, subset: v1, weight: 80 }
          - { service: reviews, subset: v2, weight: 20 }
`;

describe("weft CLI against the API", () => {
  let t: TestDatabase;
  let server: StartedServer;
  let admin: BearerApi;
  let viewer: BearerApi;
  let dir: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startWeftServer({ DATABASE_URL: t.url });
    ({ admin, viewer } = await roleApis(server));
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "weft-cli-mesh-"));
  });
  afterAll(async () => {
    await server?.stop();
    await t?.drop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const weft = async (args: string[], token = admin.token) => {
    const run = runWeft(args, { WEFT_SERVER: server.url, WEFT_TOKEN: token });
    const code = await run.exited;
    return { code, output: run.output() };
  };
  const file = async (name: string, text: string) => {
    const full = path.join(dir, name);
    await fs.writeFile(full, text);
    return full;
  };

  it("applies a file with a message, dry-runs a change, and prints the config back", async () => {
    const mesh = await file("mesh.yaml", MESH);
    expect(await weft(["apply", "-f", mesh, "-m", "initial"])).toEqual({
      code: 0,
      output: "applied revision 1, was 0\n  reviews: service added\n",
    });
    const shifted = await file("shifted.yaml", MESH.replace("80", "50").replace("20", "50"));
    const dry = await weft(["apply", "-f", shifted, "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.output).toBe(
      [
        "dry run against revision 1: applying would create revision 2",
        "  reviews: weights v1 80→50, v2 20→50",
        "proxies whose xDS resources would change: 0 of 0 connected",
        "",
      ].join("\n"),
    );
    expect(await weft(["apply", "-f", mesh])).toEqual({
      code: 0,
      output: "unchanged: the config equals the current revision 1\n",
    });
    const yaml = await weft(["get", "config"], viewer.token);
    expect(yaml.output).toMatch(
      /^# weft mesh config, revision 1 at \S+, by token:admin-token\nservices:\n {2}- name: reviews\n/,
    );
    const json = await weft(["get", "config", "-o", "json"], viewer.token);
    expect(JSON.parse(json.output)).toMatchObject({ services: [{ name: "reviews" }] });
  });

  it("lists history and rolls back to an earlier revision", async () => {
    const shifted = await file("shifted2.yaml", MESH.replace("80", "50").replace("20", "50"));
    expect((await weft(["apply", "-f", shifted, "-m", "even"])).code).toBe(0);
    const rollback = await weft(["rollback", "1", "-m", "too early"]);
    expect(rollback).toEqual({
      code: 0,
      output: "applied revision 3 (restores revision 1), was 2\n  reviews: weights v1 50→80, v2 50→20\n",
    });
    const history = await weft(["history"], viewer.token);
    expect(history.code).toBe(0);
    const lines = history.output.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^REV\s+CREATED\s+AUTHOR\s+CHANGE$/);
    expect(lines.slice(1).map((line) => line.split(/\s{2,}/)[0])).toEqual(["3", "2", "1"]);
    expect(lines[1]).toMatch(
      /token:admin-token\s+too early — \(restores 1\) — reviews: weights v1 50→80, v2 50→20$/,
    );
  });

  it("exits 3 with each problem and its line for an invalid file, and applies nothing", async () => {
    const bad = await file(
      "bad.yaml",
      MESH.replace("weight: 20", "weight: 30").replace("subset: v2", "subset: v7"),
    );
    expect(await weft(["apply", "-f", bad])).toEqual({
      code: 3,
      output: [
        "weft: the mesh config has 2 problems; nothing was applied:",
        '  services[0].routes[0].destinations[1].subset: service "reviews" has no subset "v7" (known: v1, v2) (line 10, column 41)',
        "  services[0].routes[0].destinations: weights sum to 110; they must sum to 100 (line 9, column 11)",
        "",
      ].join("\n"),
    });
    const syntax = await file("syntax.yaml", "services:\n  - name: [\n");
    const result = await weft(["apply", "-f", syntax]);
    expect(result.code).toBe(3);
    expect(result.output).toMatch(/^weft: the mesh config has 1 problem; nothing was applied:\n {2}3:1 /);
    expect((await weft(["history"])).output.trimEnd().split("\n")).toHaveLength(4);
  });

  it("exits 4 on a stale revision, 1 without a token or a server, 2 on bad usage", async () => {
    const mesh = await file("again.yaml", MESH.replace("80", "90").replace("20", "10"));
    const stale = await weft(["apply", "-f", mesh, "--expected-revision", "1"]);
    expect(stale).toEqual({
      code: 4,
      output:
        "weft: revision 1 is no longer current (the mesh is at revision 3); reload, redo the change and retry\n",
    });
    const noToken = await weft(["history"], "");
    expect(noToken.code).toBe(1);
    expect(noToken.output).toContain("pass an API token with --token or WEFT_TOKEN");
    const viewerApply = await weft(["apply", "-f", mesh], viewer.token);
    expect(viewerApply).toEqual({
      code: 1,
      output: "weft: this needs the admin role; you are viewer (HTTP 403 forbidden)\n",
    });
    const away = runWeft(["history", "--server", "http://127.0.0.1:9"], { WEFT_TOKEN: admin.token });
    expect(await away.exited).toBe(1);
    expect(away.output()).toMatch(/^weft: cannot reach the weft server at http:\/\/127\.0\.0\.1:9 \(/);
    expect((await weft(["rollback"])).code).toBe(2);
    expect((await weft(["apply", "-f", path.join(dir, "missing.yaml")])).output).toBe(
      `weft: cannot read ${path.join(dir, "missing.yaml")} (ENOENT)\n`,
    );
  });
});
