import { describe, expect, it } from "vitest";
import { decodeAny } from "../protos";
import { TYPE_URLS } from "../resource-types";
import { buildSnapshot, type Snapshot } from "../snapshot/snapshot";
import { weightedServiceResources } from "../testing/weighted-service";
import { DeltaStream } from "./delta";

const CDS = TYPE_URLS.clusters;
const EDS = TYPE_URLS.endpoints;

function clusters(...specs: [name: string, port: number, lbPolicy?: string][]): Snapshot {
  return buildSnapshot(
    weightedServiceResources(
      "svc",
      specs.map(([name, port, lbPolicy]) => ({
        name,
        weight: 1,
        lbPolicy,
        endpoints: [{ host: "10.0.0.1", port }],
      })),
    ),
  );
}

function newStream() {
  let nonce = 0;
  return new DeltaStream({
    nodeId: "node-1",
    streamId: "delta-1",
    newNonce: () => `nonce-${++nonce}`,
    now: () => 2_000,
  });
}

const names = (resources: { name: string }[] | undefined) => resources?.map((r) => r.name) ?? [];

describe("DeltaStream", () => {
  it("sends every resource with its own version to a first wildcard CDS request", () => {
    const stream = newStream();
    const snapshot = clusters(["a", 1], ["b", 2]);
    const step = stream.handleRequest({ type_url: CDS }, snapshot);
    const response = step.responses[0];
    expect(names(response?.resources)).toEqual(["a", "b"]);
    expect(response?.resources[0]?.version).toBe(snapshot.clusters.resources.get("a")?.version);
    expect(
      decodeAny(response?.resources[1]?.resource ?? { type_url: "", value: new Uint8Array() }).name,
    ).toBe("b");
    expect(response?.system_version_info).toBe(snapshot.clusters.version);
    expect(response?.removed_resources).toEqual([]);
    expect(response?.nonce).toBe("nonce-1");
  });

  it("sends only what changed, and removed_resources for what went away", () => {
    const stream = newStream();
    stream.handleRequest({ type_url: CDS }, clusters(["a", 1], ["b", 2]));
    const step = stream.handleSnapshot(clusters(["a", 1], ["c", 3]));
    expect(names(step.responses[0]?.resources)).toEqual(["c"]);
    expect(step.responses[0]?.removed_resources).toEqual(["b"]);
    // Nothing changed: nothing sent.
    expect(stream.handleSnapshot(clusters(["a", 1], ["c", 3])).responses).toEqual([]);
  });

  it("honours initial_resource_versions on reconnect: unchanged resources are not resent", () => {
    const snapshot = clusters(["a", 1], ["b", 2]);
    const stream = newStream();
    const versionOf = (name: string) => snapshot.clusters.resources.get(name)?.version ?? "";
    const step = stream.handleRequest(
      { type_url: CDS, initial_resource_versions: { a: versionOf("a"), b: "stale-version", gone: "x" } },
      snapshot,
    );
    expect(names(step.responses[0]?.resources)).toEqual(["b"]);
    expect(step.responses[0]?.removed_resources).toEqual(["gone"]);
  });

  it("answers a reconnect that is fully up to date with one empty response, so the client can finish init", () => {
    const snapshot = clusters(["a", 1]);
    const version = snapshot.clusters.resources.get("a")?.version ?? "";
    const stream = newStream();
    const step = stream.handleRequest({ type_url: CDS, initial_resource_versions: { a: version } }, snapshot);
    expect(step.responses).toEqual([
      {
        system_version_info: snapshot.clusters.version,
        resources: [],
        type_url: CDS,
        removed_resources: [],
        nonce: "nonce-1",
      },
    ]);
  });

  it("follows subscribe and unsubscribe for EDS, and reports names that do not exist once", () => {
    const stream = newStream();
    const snapshot = clusters(["a", 1], ["b", 2]);
    const first = stream.handleRequest(
      { type_url: EDS, resource_names_subscribe: ["a", "missing"] },
      snapshot,
    );
    expect(names(first.responses[0]?.resources)).toEqual(["a"]);
    expect(first.responses[0]?.removed_resources).toEqual(["missing"]);
    const more = stream.handleRequest(
      {
        type_url: EDS,
        resource_names_subscribe: ["b"],
        resource_names_unsubscribe: ["a"],
        response_nonce: "nonce-1",
      },
      snapshot,
    );
    expect(more.events.map((e) => e.type)).toEqual(["ack"]);
    expect(names(more.responses[0]?.resources)).toEqual(["b"]);
    expect(more.responses[0]?.removed_resources).toEqual([]);
    expect(stream.status("endpoints")?.subscription).toEqual(["missing", "b"]);
    expect([...stream.heldVersions("endpoints").keys()]).toEqual(["b"]);
    // Re-subscribing to "a" sends it again: after unsubscribing the client dropped it.
    const again = stream.handleRequest({ type_url: EDS, resource_names_subscribe: ["a"] }, snapshot);
    expect(names(again.responses[0]?.resources)).toEqual(["a"]);
  });

  it("records ACK and NACK by nonce, and does not resend a rejected resource until it changes", () => {
    const stream = newStream();
    const snapshot = clusters(["a", 1]);
    stream.handleRequest({ type_url: CDS }, snapshot);
    const changed = clusters(["a", 1, "LEAST_REQUEST"]);
    const sent = stream.handleSnapshot(changed).responses[0];
    const nack = stream.handleRequest(
      { type_url: CDS, response_nonce: sent?.nonce, error_detail: { code: 3, message: "rejected a" } },
      changed,
    );
    expect(nack.responses).toEqual([]);
    expect(nack.events).toEqual([
      expect.objectContaining({
        type: "nack",
        version: changed.clusters.version,
        nonce: "nonce-2",
        errorDetail: { code: 3, message: "rejected a" },
      }),
    ]);
    expect(stream.handleSnapshot(changed).responses).toEqual([]);
    // The first response is ACKed late: still a valid ACK of its own version (delta responses are independent).
    const lateAck = stream.handleRequest({ type_url: CDS, response_nonce: "nonce-1" }, changed);
    expect(lateAck.events).toEqual([
      expect.objectContaining({ type: "ack", version: snapshot.clusters.version }),
    ]);
    // An unknown nonce is not an answer, but its subscription changes still apply.
    const unknown = stream.handleRequest(
      { type_url: EDS, resource_names_subscribe: ["a"], response_nonce: "zzz" },
      changed,
    );
    expect(unknown.events).toEqual([]);
    expect(names(unknown.responses[0]?.resources)).toEqual(["a"]);
    const fixed = clusters(["a", 1, "RING_HASH"]);
    expect(names(stream.handleSnapshot(fixed).responses.find((r) => r.type_url === CDS)?.resources)).toEqual([
      "a",
    ]);
  });

  it("unsubscribing '*' leaves the wildcard and forgets resources not named explicitly", () => {
    const stream = newStream();
    const snapshot = clusters(["a", 1], ["b", 2]);
    stream.handleRequest({ type_url: CDS, resource_names_subscribe: ["*"] }, snapshot);
    stream.handleRequest(
      { type_url: CDS, resource_names_subscribe: ["a"], resource_names_unsubscribe: ["*"] },
      snapshot,
    );
    expect(stream.status("clusters")?.subscription).toEqual(["a"]);
    expect([...stream.heldVersions("clusters").keys()]).toEqual(["a"]);
    const next = stream.handleSnapshot(clusters(["a", 1], ["b", 3]));
    expect(next.responses).toEqual([]);
  });

  it("ignores unknown types with a problem and refuses oversized requests", () => {
    const stream = new DeltaStream({
      nodeId: "n",
      streamId: "s",
      newNonce: () => "x",
      now: () => 0,
      limits: { maxResourceNamesPerRequest: 2 },
    });
    expect(stream.handleRequest({ type_url: "type.googleapis.com/foo.Bar" }, undefined).events[0]?.type).toBe(
      "problem",
    );
    const step = stream.handleRequest(
      { type_url: EDS, resource_names_subscribe: ["a", "b", "c"] },
      undefined,
    );
    expect(step.fatal?.code).toBe("RESOURCE_EXHAUSTED");
  });
});
