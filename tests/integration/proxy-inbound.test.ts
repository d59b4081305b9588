import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningProxy } from "@/lib/proxy/proxy";
import {
  type ControlPlane,
  instance,
  request,
  startApp,
  startControlPlane,
  type TestApp,
  testProxy,
  waitFor,
} from "@/lib/proxy/testing/harness";

// The callee's sidecar applies the HTTP filters of an INBOUND listener when the control plane sends one
// (Envoy's sidecar model): here a local rate limit protecting the app whoever calls it.

const ANY = "type.googleapis.com/";
const inboundListener = {
  name: "inbound|guarded",
  address: { socket_address: { address: "0.0.0.0", port_value: 15006 } },
  traffic_direction: "INBOUND",
  filter_chains: [
    {
      filters: [
        {
          name: "envoy.filters.network.http_connection_manager",
          typed_config: {
            "@type": `${ANY}envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`,
            stat_prefix: "inbound",
            route_config: {
              name: "inbound|guarded",
              virtual_hosts: [
                {
                  name: "app",
                  domains: ["*"],
                  routes: [{ match: { prefix: "/" }, route: { cluster: "guarded" } }],
                },
              ],
            },
            http_filters: [
              {
                name: "envoy.filters.http.local_ratelimit",
                typed_config: {
                  "@type": `${ANY}envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit`,
                  stat_prefix: "inbound_limit",
                  token_bucket: {
                    max_tokens: 3,
                    tokens_per_fill: { value: 1 },
                    fill_interval: { seconds: 3600 },
                  },
                  filter_enabled: {
                    default_value: { numerator: 100, denominator: "HUNDRED" },
                    runtime_key: "on",
                  },
                  filter_enforced: {
                    default_value: { numerator: 100, denominator: "HUNDRED" },
                    runtime_key: "on",
                  },
                },
              },
              {
                name: "envoy.filters.http.router",
                typed_config: { "@type": `${ANY}envoy.extensions.filters.http.router.v3.Router` },
              },
            ],
          },
        },
      ],
    },
  ],
};

let cp: ControlPlane;
const apps: TestApp[] = [];
let caller: RunningProxy;
let callee: RunningProxy;

beforeAll(async () => {
  cp = await startControlPlane();
  const guardedApp = await startApp("guarded-app");
  const callerApp = await startApp("caller-app");
  apps.push(guardedApp, callerApp);
  callee = await testProxy(cp, { service: "guarded", app: guardedApp });
  caller = await testProxy(cp, { service: "caller", app: callerApp });
  const mesh = "services:\n  - name: caller\n  - name: guarded\n";
  const registry = [instance("guarded", callee)];
  cp.publish(mesh, registry, [caller.nodeId]);
  cp.publish(mesh, registry, [callee.nodeId], { listeners: [inboundListener] });
  await waitFor(() => caller.ready() && callee.ready(), "ready");
});

afterAll(async () => {
  await Promise.all([caller.close(), callee.close()]);
  await Promise.all(apps.map((a) => a.close()));
  await cp.stop();
});

describe("inbound listener filters", () => {
  it("rate-limit requests to the local app, and the caller sees the 429 with its reason", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await request(caller.outbound, "guarded", "/")).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await request(caller.outbound, "guarded", "/");
    expect(limited.headers["x-weft-reason"]).toBe("rate_limited");
    expect(limited.body).toMatch(/local rate limit exceeded for guarded/);
    expect(callee.stats.render()).toMatch(
      /^weft_proxy_downstream_rq_rate_limited_total\{listener="inbound"\} 3$/m,
    );
    expect(apps[0]?.count).toBe(3);
  });
});
