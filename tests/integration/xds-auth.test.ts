import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningProxy } from "@/lib/proxy/proxy";
import { startApp, type TestApp, testProxy } from "@/lib/proxy/testing/harness";
import { TYPE_URLS } from "@/lib/xds/resource-types";
import { adsClient, openSotwStream } from "@/lib/xds/testing/ads-client";
import { type BearerApi, type Role, roleApis, waitFor, xdsAddress } from "../support/meshApi";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";
import { type StartedServer, startWeftServer } from "../support/weftProcess";

// WEFT_XDS_AUTH=token: an xDS stream needs an API token of role operator or above in its `authorization`
// metadata; anything else is refused with a status that says why, and `weft proxy --token` gets its config.

let t: TestDatabase;
let server: StartedServer;
let api: Record<Role, BearerApi>;
let xds: string;
const clients: grpc.Client[] = [];
let app: TestApp | undefined;
let proxy: RunningProxy | undefined;

beforeAll(async () => {
  t = await createTestDatabase();
  server = await startWeftServer({ DATABASE_URL: t.url, WEFT_XDS_AUTH: "token" });
  api = await roleApis(server);
  xds = await xdsAddress(server);
  const mesh = "services:\n  - name: web\n  - name: ratings\n";
  expect((await api.admin.yaml("PUT", "/api/v1/config", mesh)).status).toBe(200);
});

afterAll(async () => {
  for (const client of clients) client.close();
  await proxy?.close();
  await app?.close();
  await server?.stop();
  await t?.drop();
});

/** Opens a stream with `authorization` (if any), asks for clusters and returns the first response or the final status. */
async function ask(authorization?: string) {
  const client = adsClient(xds);
  clients.push(client);
  const metadata = new grpc.Metadata();
  if (authorization !== undefined) metadata.set("authorization", authorization);
  const stream = openSotwStream(client, metadata);
  stream.send({ node: { id: `auth-${clients.length}` }, type_url: TYPE_URLS.clusters });
  const outcome = await Promise.race([
    stream.next(10_000).then((response) => ({ response })),
    stream.status.then((status) => ({ status })),
  ]);
  stream.close();
  return outcome;
}

describe("xDS token authentication", () => {
  it("says so in the banner", () => {
    expect(server.process.output()).toContain("xds streams require an API token (WEFT_XDS_AUTH=token)");
  });

  it("refuses a stream without a token, with an unknown one, or with a viewer's", async () => {
    expect(await ask()).toMatchObject({
      status: { code: grpc.status.UNAUTHENTICATED, details: expect.stringContaining("--token") },
    });
    expect(await ask("Bearer weft_not_a_token")).toMatchObject({
      status: {
        code: grpc.status.UNAUTHENTICATED,
        details: "the bearer token is unknown, expired or revoked",
      },
    });
    expect(await ask(`Bearer ${api.viewer.token}`)).toMatchObject({
      status: {
        code: grpc.status.PERMISSION_DENIED,
        details: "an xDS client needs a token with the operator role; this one is viewer",
      },
    });
  });

  it("serves a stream with an operator's or an admin's token", async () => {
    for (const role of ["operator", "admin"] as const) {
      const outcome = await ask(`Bearer ${api[role].token}`);
      expect(outcome).toHaveProperty("response");
      if ("response" in outcome) expect(outcome.response.type_url).toBe(TYPE_URLS.clusters);
    }
  });

  it("gives weft proxy --token its configuration", async () => {
    app = await startApp("web");
    proxy = await testProxy({ address: xds }, { service: "web", app, token: api.operator.token });
    await waitFor(async () => proxy?.ready() || undefined, "the proxy's initial config");
    expect(proxy.ready()).toBe(true);
  });
});
