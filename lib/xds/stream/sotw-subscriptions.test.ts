import { describe, expect, it } from "vitest";
import { decodeAny } from "../protos";
import { TYPE_URLS } from "../resource-types";
import { meshSnapshot, newSotwStream as newStream, request } from "../testing/sotw-fixtures";

const LDS = TYPE_URLS.listeners;
const RDS = TYPE_URLS.routes;
const CDS = TYPE_URLS.clusters;
const EDS = TYPE_URLS.endpoints;

describe("SotwStream: subscriptions", () => {
  it("sends RDS/EDS resources by name and follows subscription changes carried by an ACK", () => {
    const { stream } = newStream();
    const snapshot = meshSnapshot([80, 20]);
    const first = stream.handleRequest(request({ type_url: EDS, resource_names: ["greeter-v1"] }), snapshot);
    expect(first.responses[0]?.resources.map((any) => decodeAny(any).cluster_name)).toEqual(["greeter-v1"]);
    const more = stream.handleRequest(
      request({ type_url: EDS, resource_names: ["greeter-v1", "billing-v1"], response_nonce: "nonce-1" }),
      snapshot,
    );
    expect(more.events.map((e) => e.type)).toEqual(["ack"]);
    expect(more.responses[0]?.resources.map((any) => decodeAny(any).cluster_name)).toEqual([
      "greeter-v1",
      "billing-v1",
    ]);
    const fewer = stream.handleRequest(
      request({ type_url: EDS, resource_names: ["billing-v1"], response_nonce: "nonce-2" }),
      snapshot,
    );
    expect(fewer.responses[0]?.resources.map((any) => decodeAny(any).cluster_name)).toEqual(["billing-v1"]);
    // The same subscription again with the latest nonce: nothing new to send.
    const same = stream.handleRequest(
      request({ type_url: EDS, resource_names: ["billing-v1"], response_nonce: "nonce-3" }),
      snapshot,
    );
    expect(same.responses).toEqual([]);
    expect(stream.status("endpoints")?.subscription).toEqual(["billing-v1"]);
  });

  it("treats LDS/CDS without names (or with '*') as a wildcard, and explicit LDS names as just those", () => {
    const snapshot = meshSnapshot([80, 20]);
    const wildcard = newStream().stream.handleRequest(
      request({ type_url: LDS, resource_names: [] }),
      snapshot,
    );
    expect(wildcard.responses[0]?.resources.map((any) => decodeAny(any).name)).toEqual([
      "greeter",
      "billing",
    ]);
    const star = newStream().stream.handleRequest(
      request({ type_url: LDS, resource_names: ["*"] }),
      snapshot,
    );
    expect(star.responses[0]?.resources).toHaveLength(2);
    const named = newStream().stream.handleRequest(
      request({ type_url: LDS, resource_names: ["greeter"] }),
      snapshot,
    );
    expect(named.responses[0]?.resources.map((any) => decodeAny(any).name)).toEqual(["greeter"]);
  });

  it("keeps an Envoy-style wildcard subscriber (empty names in every ACK) on the wildcard", () => {
    const { stream } = newStream();
    const snapshot = meshSnapshot([80, 20]);
    stream.handleRequest(request({ type_url: LDS }), snapshot);
    stream.handleRequest(request({ type_url: LDS, response_nonce: "nonce-1" }), snapshot);
    expect(stream.status("listeners")?.subscription).toBe("wildcard");
  });

  it("answers an RDS request for a name that does not exist with an empty resource list", () => {
    const { stream } = newStream();
    const step = stream.handleRequest(
      request({ type_url: RDS, resource_names: ["nope"] }),
      meshSnapshot([80, 20]),
    );
    expect(step.responses[0]?.resources).toEqual([]);
  });
});

describe("SotwStream: hostile or odd requests", () => {
  it("ignores an unknown type URL with a recorded problem and keeps serving other types", () => {
    const { stream } = newStream();
    const snapshot = meshSnapshot([80, 20]);
    const step = stream.handleRequest(
      request({ type_url: "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret" }),
      snapshot,
    );
    expect(step.responses).toEqual([]);
    expect(step.events).toEqual([
      expect.objectContaining({ type: "problem", message: expect.stringContaining("unknown type URL") }),
    ]);
    expect(stream.handleRequest(request({ type_url: "" }), snapshot).events[0]).toMatchObject({
      type: "problem",
      message: expect.stringContaining("type_url"),
    });
    expect(stream.handleRequest(request({ type_url: CDS }), snapshot).responses).toHaveLength(1);
  });

  it("refuses a request with more names than the limit", () => {
    const { stream } = newStream(3);
    const step = stream.handleRequest(
      request({ type_url: EDS, resource_names: ["a", "b", "c", "d"] }),
      undefined,
    );
    expect(step.fatal).toEqual({
      code: "RESOURCE_EXHAUSTED",
      message: `${EDS}: resource_names has 4 entries; the limit is 3`,
    });
    expect(step.responses).toEqual([]);
  });
});
