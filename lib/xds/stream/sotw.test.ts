import { describe, expect, it } from "vitest";
import { decodeAny } from "../protos";
import { TYPE_URLS } from "../resource-types";
import { buildSnapshot } from "../snapshot/snapshot";
import { meshSnapshot, newSotwStream as newStream, request } from "../testing/sotw-fixtures";
import { routeConfigName, weightedServiceResources } from "../testing/weighted-service";

const LDS = TYPE_URLS.listeners;
const RDS = TYPE_URLS.routes;
const CDS = TYPE_URLS.clusters;

describe("SotwStream: first request", () => {
  it("answers a request without a nonce with the current resources, a fresh nonce and the type version", () => {
    const { stream } = newStream();
    const snapshot = meshSnapshot([80, 20]);
    const step = stream.handleRequest(request({ type_url: CDS, resource_names: [] }), snapshot);
    expect(step.events).toEqual([]);
    expect(step.responses).toHaveLength(1);
    const [response] = step.responses;
    expect(response?.type_url).toBe(CDS);
    expect(response?.version_info).toBe(snapshot.clusters.version);
    expect(response?.nonce).toBe("nonce-1");
    expect(response?.nonce).not.toBe(response?.version_info);
    const names = response?.resources.map((any) => decodeAny(any).name);
    expect(names).toEqual(["greeter-v1", "greeter-v2", "billing-v1"]);
  });

  it("waits without answering until the node has a snapshot, then sends it", () => {
    const { stream } = newStream();
    expect(stream.handleRequest(request({ type_url: LDS }), undefined).responses).toEqual([]);
    const snapshot = meshSnapshot([80, 20]);
    const step = stream.handleSnapshot(snapshot);
    expect(step.responses.map((r) => [r.type_url, r.version_info])).toEqual([
      [LDS, snapshot.listeners.version],
    ]);
  });
});

describe("SotwStream: ACK, NACK and stale nonces", () => {
  it("records an ACK of the latest nonce with the version of that response", () => {
    const { stream, tick } = newStream();
    const snapshot = meshSnapshot([80, 20]);
    const sent = stream.handleRequest(request({ type_url: CDS }), snapshot).responses[0];
    tick(5);
    const step = stream.handleRequest(
      request({ type_url: CDS, version_info: sent?.version_info, response_nonce: sent?.nonce }),
      snapshot,
    );
    expect(step.responses).toEqual([]);
    expect(step.events).toEqual([
      {
        type: "ack",
        nodeId: "node-1",
        streamId: "sotw-1",
        kind: "clusters",
        typeUrl: CDS,
        version: snapshot.clusters.version,
        nonce: "nonce-1",
        at: 1_005,
      },
    ]);
    expect(stream.status("clusters")).toMatchObject({
      pending: false,
      acked: { version: snapshot.clusters.version, nonce: "nonce-1", at: 1_005 },
    });
  });

  it("ignores a request whose nonce is not the latest one sent for that type", () => {
    const { stream } = newStream();
    const first = meshSnapshot([80, 20]);
    const second = meshSnapshot([50, 50]);
    const names = [routeConfigName("greeter")];
    const old = stream.handleRequest(request({ type_url: RDS, resource_names: names }), first).responses[0];
    const latest = stream.handleSnapshot(second).responses[0];
    expect(latest?.nonce).toBe("nonce-2");
    // The client ACKs the first response after the second was already sent: stale, so no ACK and no resend.
    const stale = stream.handleRequest(
      request({
        type_url: RDS,
        resource_names: names,
        version_info: old?.version_info,
        response_nonce: old?.nonce,
      }),
      second,
    );
    expect(stale).toEqual({ responses: [], events: [] });
    expect(stream.status("routes")).toMatchObject({ staleRequests: 1, pending: true, acked: undefined });
    const ack = stream.handleRequest(
      request({
        type_url: RDS,
        resource_names: names,
        version_info: second.routes.version,
        response_nonce: "nonce-2",
      }),
      second,
    );
    expect(ack.events.map((e) => [e.type, "version" in e ? e.version : ""])).toEqual([
      ["ack", second.routes.version],
    ]);
  });

  it("records a NACK only from error_detail, and never resends the rejected version", () => {
    const { stream, tick } = newStream();
    const snapshot = meshSnapshot([80, 20]);
    const sent = stream.handleRequest(request({ type_url: CDS }), snapshot).responses[0];
    tick(7);
    const nack = request({
      type_url: CDS,
      version_info: "", // grpc-js-xds and Envoy send their last accepted version here, not the rejected one
      response_nonce: sent?.nonce,
      error_detail: { code: 14, message: "unsupported lb_policy: LEAST_REQUEST" },
    });
    const step = stream.handleRequest(nack, snapshot);
    expect(step.responses).toEqual([]);
    expect(step.events).toEqual([
      expect.objectContaining({
        type: "nack",
        kind: "clusters",
        version: snapshot.clusters.version,
        nonce: "nonce-1",
        errorDetail: { code: 14, message: "unsupported lb_policy: LEAST_REQUEST" },
        at: 1_007,
      }),
    ]);
    // The same NACK repeated (the client re-sends its state) is neither a second event nor a reason to resend.
    expect(stream.handleRequest(nack, snapshot)).toEqual({ responses: [], events: [] });
    // Another snapshot with the same clusters (only the routes changed): the rejected version is not resent.
    const routesOnly = meshSnapshot([50, 50]);
    expect(routesOnly.clusters.version).toBe(snapshot.clusters.version);
    expect(stream.handleSnapshot(routesOnly).responses).toEqual([]);
    expect(stream.status("clusters")).toMatchObject({
      responsesSent: 1,
      nacked: { version: snapshot.clusters.version, errorDetail: { code: 14 } },
    });
  });

  it("sends again once the snapshot changes after a NACK", () => {
    const { stream } = newStream();
    const names = [routeConfigName("greeter")];
    const snapshot = meshSnapshot([80, 20]);
    const sent = stream.handleRequest(request({ type_url: RDS, resource_names: names }), snapshot)
      .responses[0];
    stream.handleRequest(
      request({
        type_url: RDS,
        resource_names: names,
        response_nonce: sent?.nonce,
        error_detail: { code: 3, message: "bad" },
      }),
      snapshot,
    );
    const changed = meshSnapshot([50, 50]);
    const step = stream.handleSnapshot(changed);
    expect(step.responses.map((r) => [r.version_info, r.nonce])).toEqual([
      [changed.routes.version, "nonce-2"],
    ]);
  });

  it("keeps a client that never answers pending, and still pushes newer versions to it", () => {
    const { stream } = newStream();
    stream.handleRequest(request({ type_url: CDS }), meshSnapshot([80, 20]));
    expect(stream.status("clusters")).toMatchObject({ pending: true, acked: undefined, nacked: undefined });
    const otherClusters = buildSnapshot(
      weightedServiceResources("greeter", [{ name: "greeter-v3", weight: 100, endpoints: [] }]),
    );
    expect(stream.handleSnapshot(otherClusters).responses).toHaveLength(1);
    expect(stream.status("clusters")).toMatchObject({ pending: true, responsesSent: 2 });
  });
});

describe("SotwStream: reconnect", () => {
  it("does not resend a type whose current version the reconnecting client already holds, and counts it ACKed", () => {
    const { stream } = newStream();
    const snapshot = meshSnapshot([80, 20]);
    const step = stream.handleRequest(
      request({ type_url: CDS, version_info: snapshot.clusters.version }),
      snapshot,
    );
    expect(step.responses).toEqual([]);
    expect(step.events).toEqual([
      expect.objectContaining({
        type: "ack",
        kind: "clusters",
        version: snapshot.clusters.version,
        nonce: "",
      }),
    ]);
    // A later change is still pushed.
    const changed = buildSnapshot(
      weightedServiceResources("greeter", [{ name: "other", weight: 1, endpoints: [] }]),
    );
    expect(stream.handleSnapshot(changed).responses.map((r) => r.version_info)).toEqual([
      changed.clusters.version,
    ]);
  });

  it("sends the current resources to a client reconnecting with an older version", () => {
    const { stream } = newStream();
    const snapshot = meshSnapshot([50, 50]);
    const names = [routeConfigName("greeter")];
    const step = stream.handleRequest(
      request({ type_url: RDS, resource_names: names, version_info: meshSnapshot([80, 20]).routes.version }),
      snapshot,
    );
    expect(step.responses.map((r) => r.version_info)).toEqual([snapshot.routes.version]);
  });
});
