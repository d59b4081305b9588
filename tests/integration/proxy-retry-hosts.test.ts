import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningProxy } from "@/lib/proxy/proxy";
import { forEachRoute, type JsonResource as Json } from "@/lib/proxy/testing/cluster-options";
import {
  type ControlPlane,
  request,
  startApp,
  startControlPlane,
  type TestApp,
  testProxy,
  translate,
  waitFor,
} from "@/lib/proxy/testing/harness";
import type { RegistryEndpoint } from "@/lib/xds/translate/types";

// Envoy's previous_hosts retry predicate against three real upstreams, two of which always answer 503,
// balanced at random: with the predicate, each retry goes to a host not tried yet, so two retries always
// reach the healthy one; without it a retry only avoids the last host and often goes back to the first.

const MESH = `
services:
  - name: client
  - name: picky
    routes:
      - name: retried
        destinations: [{ service: picky }]
        retry: { attempts: 2, retryOn: [5xx], backoff: { baseInterval: 1ms, maxInterval: 2ms } }
`;

const PREVIOUS_HOSTS = {
  name: "envoy.retry_host_predicates.previous_hosts",
  typed_config: {
    "@type": "type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate",
  },
};

let cp: ControlPlane;
let client: RunningProxy;
let registry: RegistryEndpoint[];
const apps: TestApp[] = [];

/** The mesh's resources with random balancing, and the route's retries given the predicate or not. */
function resources(previousHosts: boolean): ReturnType<typeof translate> {
  const all = JSON.parse(JSON.stringify(translate(MESH, registry, client.nodeId))) as {
    clusters: Json[];
    routes: Json[];
  };
  for (const cluster of all.clusters) if (cluster.name === "picky") cluster.lb_policy = "RANDOM";
  forEachRoute(all.routes, (route) => {
    const retry = (route.route as Json | undefined)?.retry_policy as Json | undefined;
    if (!retry) return;
    if (previousHosts) {
      retry.retry_host_predicate = [PREVIOUS_HOSTS];
      retry.host_selection_retry_max_attempts = 100;
    } else delete retry.retry_host_predicate;
  });
  return all as unknown as ReturnType<typeof translate>;
}

beforeAll(async () => {
  cp = await startControlPlane();
  const clientApp = await startApp("client-app");
  const failing = (name: string) =>
    startApp(name, (_req, res) => {
      res.writeHead(503).end("down");
      return true;
    });
  const [downA, downB, up] = await Promise.all([failing("down-a"), failing("down-b"), startApp("up")]);
  apps.push(clientApp, downA, downB, up);
  client = await testProxy(cp, { service: "client", app: clientApp });
  registry = [downA, downB, up].map((app) => ({
    service: "picky",
    address: "127.0.0.1",
    port: app.port,
    labels: {},
  }));
  cp.publishResources(resources(true), [client.nodeId]);
  await waitFor(() => client.ready(), "client ready");
});

afterAll(async () => {
  await client?.close();
  await Promise.all(apps.map((app) => app.close()));
  await cp?.stop();
});

async function statuses(n: number): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < n; i++) seen.push((await request(client.outbound, "picky", "/")).status);
  return seen;
}

describe("retry_host_predicate previous_hosts", () => {
  it("sends each retry to a host not tried yet, so two retries always find the healthy one", async () => {
    expect(new Set(await statuses(40))).toEqual(new Set([200]));
  });

  it("without it, retries often go back to a failing host", async () => {
    cp.publishResources(resources(false), [client.nodeId]);
    // About half of the requests fail: a retry avoids only the host it just tried.
    await waitFor(async () => (await statuses(20)).includes(503), "a request whose retries all failed");
  });
});
