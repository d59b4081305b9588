import { describe, expect, it } from "vitest";
import { adsServiceDefinition } from "@/lib/xds/ads-service";
import type { DiscoveryRequest, DiscoveryResponse } from "@/lib/xds/messages";
import { parseNode } from "@/lib/xds/node";
import { buildSnapshot, type Snapshot } from "@/lib/xds/snapshot/snapshot";
import type { NackEvent } from "@/lib/xds/stream/events";
import { SotwStream } from "@/lib/xds/stream/sotw";
import { weightedServiceResources } from "@/lib/xds/testing/weighted-service";
import { TYPE_URLS } from "../config/from-xds";
import { AdsSession } from "./ads-session";
import { xdsResourceDecoder } from "./decoder";
import { buildNodeMessage } from "./node-message";
import { sidecarSchema } from "./wire/any-decoder";
import { encodeDiscoveryRequest } from "./wire/discovery-request";
import { discoveryResponseDecoder } from "./wire/discovery-response";

const decode = xdsResourceDecoder();

// Messages cross the wire as they do between a sidecar and the control plane: the sidecar's own codec on
// its side, the control plane's protobufjs codec on the other.
const ads = adsServiceDefinition().StreamAggregatedResources;
const decodeResponse = discoveryResponseDecoder(sidecarSchema());
const overTheWire = {
  request: (request: DiscoveryRequest) =>
    ads.requestDeserialize(Buffer.from(encodeDiscoveryRequest(request))),
  response: (response: DiscoveryResponse) => decodeResponse(ads.responseSerialize(response)),
};

function greeterSnapshot(weights: [number, number], port = 8080, extra?: { badRoute?: boolean }): Snapshot {
  const resources = weightedServiceResources("greeter", [
    { name: "greeter-v1", weight: weights[0], endpoints: [{ host: "10.0.0.1", port }] },
    { name: "greeter-v2", weight: weights[1], endpoints: [{ host: "10.0.0.2", port: 8080 }] },
  ]);
  if (extra?.badRoute) {
    // A regex the proxy refuses (RE2 has no lookahead): the route configuration must be NACKed.
    const routes = JSON.parse(JSON.stringify(resources.routes)) as {
      virtual_hosts: { routes: { match: object }[] }[];
    }[];
    routes[0]!.virtual_hosts[0]!.routes[0]!.match = { safe_regex: { regex: "(?=x)" } };
    return buildSnapshot({ ...resources, routes });
  }
  return buildSnapshot(resources);
}

/** A client session and the server's pure stream machine, talking until neither has anything to say. */
function pair() {
  let clock = 1_000;
  let nonce = 0;
  const session = new AdsSession({
    node: buildNodeMessage({
      nodeId: "reviews-1",
      service: "reviews",
      labels: { version: "v2" },
      inbound: { host: "127.0.0.1", port: 15006 },
      zone: "zone-a",
    }),
    decode,
    now: () => clock,
  });
  let server = newServer();
  function newServer() {
    return new SotwStream({
      nodeId: "reviews-1",
      streamId: "s",
      newNonce: () => `n${++nonce}`,
      now: () => clock,
    });
  }
  const nacks: NackEvent[] = [];
  const sent: DiscoveryRequest[] = [];
  const received: DiscoveryResponse[] = [];
  let snapshot: Snapshot | undefined;
  const deliver = (requests: DiscoveryRequest[]) => {
    const queue = [...requests];
    while (queue.length > 0) {
      const request = overTheWire.request(queue.shift()!);
      sent.push(request);
      const step = server.handleRequest(request, snapshot);
      for (const event of step.events) if (event.type === "nack") nacks.push(event);
      for (const response of step.responses) {
        received.push(response);
        clock += 1;
        queue.push(...session.handleResponse(overTheWire.response(response)).requests);
      }
    }
  };
  return {
    session,
    sent,
    received,
    nacks,
    connect(s: Snapshot) {
      snapshot = s;
      server = newServer();
      deliver(session.startStream());
    },
    push(s: Snapshot) {
      snapshot = s;
      const step = server.handleSnapshot(s);
      for (const response of step.responses) {
        received.push(response);
        deliver(session.handleResponse(overTheWire.response(response)).requests);
      }
    },
  };
}

describe("AdsSession against the control plane's SotW stream", () => {
  it("subscribes to everything it needs, ACKs each type and becomes ready", () => {
    const p = pair();
    expect(p.session.ready()).toBe(false);
    p.connect(greeterSnapshot([80, 20]));
    expect(p.session.ready()).toBe(true);
    const config = p.session.config();
    expect([...config.listeners.keys()]).toEqual(["greeter"]);
    expect([...config.routeConfigs.keys()]).toEqual(["greeter-routes"]);
    expect([...config.clusters.keys()].sort()).toEqual(["greeter-v1", "greeter-v2"]);
    expect(config.loadAssignments.get("greeter-v1")?.endpoints[0]?.key).toBe("10.0.0.1:8080");
    const rds = p.sent.filter((r) => r.type_url?.endsWith("RouteConfiguration"));
    expect(rds[0]?.resource_names).toEqual(["greeter-routes"]);
    // Only the very first request carries the node, and it is what the control plane registers.
    expect(p.sent.filter((r) => r.node).length).toBe(1);
    const node = parseNode(p.sent[0]!.node);
    expect(node.ok && node.node).toMatchObject({
      id: "reviews-1",
      service: "reviews",
      labels: { version: "v2" },
      inbound: { host: "127.0.0.1", port: 15006 },
      client: "weft-proxy",
      zone: "zone-a",
    });
  });

  it("keeps unchanged resources as the same objects and replaces changed ones", () => {
    const p = pair();
    p.connect(greeterSnapshot([80, 20]));
    const before = p.session.config();
    p.push(greeterSnapshot([80, 20], 9090));
    const after = p.session.config();
    expect(after.clusters.get("greeter-v1")).toBe(before.clusters.get("greeter-v1"));
    expect(after.loadAssignments.get("greeter-v2")).toBe(before.loadAssignments.get("greeter-v2"));
    expect(after.loadAssignments.get("greeter-v1")).not.toBe(before.loadAssignments.get("greeter-v1"));
    expect(after.loadAssignments.get("greeter-v1")?.endpoints[0]?.port).toBe(9090);
  });

  it("NACKs an invalid update with the reason, keeps the last good config, and does not ask again", () => {
    const p = pair();
    p.connect(greeterSnapshot([80, 20]));
    const good = p.session.config().routeConfigs.get("greeter-routes");
    const sentBefore = p.sent.length;
    p.push(greeterSnapshot([50, 50], 8080, { badRoute: true }));
    expect(p.nacks).toHaveLength(1);
    expect(p.nacks[0]?.kind).toBe("routes");
    expect(p.nacks[0]?.errorDetail.message).toMatch(/RouteConfiguration greeter-routes/);
    expect(p.session.config().routeConfigs.get("greeter-routes")).toBe(good);
    // Exactly one request (the NACK) went out: no loop.
    expect(p.sent.length - sentBefore).toBe(1);
    const nack = p.sent.at(-1)!;
    expect(nack.error_detail?.code).toBe(3);
    expect(nack.version_info).not.toBe(p.received.at(-1)?.version_info);
    const status = p.session.status().find((s) => s.kind === "RouteConfiguration");
    expect(status?.rejected?.message).toMatch(/greeter-routes/);
    // A fixed config is accepted again.
    p.push(greeterSnapshot([50, 50]));
    const weighted = p.session.config().routeConfigs.get("greeter-routes")?.virtualHosts[0]?.routes[0];
    expect(weighted?.action.kind === "forward" && weighted.action.cluster).toMatchObject({
      totalWeight: 100,
    });
  });

  it("reconnects with the accepted versions and no nonces, so an unchanged control plane sends nothing", () => {
    const p = pair();
    const snapshot = greeterSnapshot([80, 20]);
    p.connect(snapshot);
    const responses = p.received.length;
    const config = p.session.config();
    p.connect(snapshot);
    const reconnect = p.sent.slice(-4);
    expect(reconnect.map((r) => r.response_nonce)).toEqual(["", "", "", ""]);
    expect(reconnect.every((r) => r.version_info !== "")).toBe(true);
    expect(reconnect[0]?.node?.id).toBe("reviews-1");
    expect(p.received.length).toBe(responses);
    expect(p.session.config().clusters).toEqual(config.clusters);
  });

  it("NACKs a resource that does not decode, with the decoder's reason, and keeps the last good config", () => {
    const p = pair();
    p.connect(greeterSnapshot([80, 20]));
    const clusters = p.session.config().clusters;
    const accepted = p.session.status().find((s) => s.kind === "Cluster")?.version;
    const clusterResponse = p.received.find((r) => r.type_url === TYPE_URLS.Cluster);
    const good = clusterResponse?.resources[0];
    if (!good) throw new Error("no cluster was sent");
    // A valid cluster followed by a name field whose length runs past the end of the resource.
    const malformed = Buffer.concat([Buffer.from(good.value), Buffer.from([0x0a, 0x10, 0x61])]);
    const outcome = p.session.handleResponse(
      overTheWire.response({
        version_info: "next",
        resources: [good, { type_url: TYPE_URLS.Cluster, value: malformed }],
        type_url: TYPE_URLS.Cluster,
        nonce: "n-bad",
      }),
    );
    const reason =
      "Cluster [1]: cannot be decoded: envoy.config.cluster.v3.Cluster.name: length 16 runs past the end (1 bytes left)";
    expect(outcome.result).toBe("rejected");
    expect(outcome.errors).toEqual([reason]);
    const nack = overTheWire.request(outcome.requests[0]!);
    expect(nack.error_detail).toMatchObject({ code: 3, message: reason });
    expect(nack.version_info).toBe(accepted);
    expect(nack.response_nonce).toBe("n-bad");
    expect(p.session.config().clusters).toEqual(clusters);
    expect(p.session.status().find((s) => s.kind === "Cluster")?.rejected?.message).toBe(reason);
  });
});
