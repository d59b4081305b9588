import { describe, expect, it } from "vitest";
import type { StructMessage } from "./messages";
import { parseHostPort, parseNode } from "./node";

const str = (value: string) => ({ kind: "stringValue", stringValue: value });
const struct = (fields: StructMessage["fields"]) => ({ kind: "structValue", structValue: { fields } });

describe("parseNode", () => {
  it("requires node.id, with a message that says where to set it", () => {
    expect(parseNode(undefined)).toEqual({
      ok: false,
      message: "the first request on an ADS stream must carry node.id (set it in the bootstrap)",
    });
    expect(parseNode({ id: "" }).ok).toBe(false);
    expect(parseNode({ id: "x".repeat(300) })).toMatchObject({
      ok: false,
      message: expect.stringContaining("300"),
    });
  });

  it("reads service, labels, inbound, client and zone from node metadata", () => {
    const result = parseNode({
      id: "greeter-7f9c",
      cluster: "greeter",
      locality: { region: "eu", zone: "eu-1a", sub_zone: "" },
      user_agent_name: "gRPC Node Pure JS",
      user_agent_version: "1.14.1",
      metadata: {
        fields: {
          service: str("greeter"),
          labels: struct({ version: str("v2"), team: str("core") }),
          inbound: str("10.1.2.3:15006"),
          client: str("weft-proxy"),
        },
      },
    });
    expect(result).toEqual({
      ok: true,
      node: {
        id: "greeter-7f9c",
        cluster: "greeter",
        service: "greeter",
        labels: { version: "v2", team: "core" },
        inbound: { host: "10.1.2.3", port: 15006 },
        zone: "eu-1a",
        client: "weft-proxy",
        userAgent: "gRPC Node Pure JS/1.14.1",
        problems: [],
      },
    });
  });

  it("keeps the stream but lists unusable metadata as problems", () => {
    const result = parseNode({
      id: "n",
      metadata: {
        fields: {
          service: { kind: "numberValue", numberValue: 3 },
          labels: struct({ ok: str("yes"), bad: { kind: "boolValue", boolValue: true } }),
          inbound: str("somewhere"),
          client: str("curl"),
        },
      },
    });
    expect(result.ok && result.node).toMatchObject({
      labels: { ok: "yes" },
      client: "unknown",
      problems: [
        "metadata.labels.bad must be a string",
        'metadata.client "curl" is not one of weft-proxy, envoy, grpc-js-xds',
        "metadata.service must be a string",
        'metadata.inbound must be "ip:port"',
      ],
    });
  });

  it("recognises grpc-js-xds and Envoy by user agent when metadata does not say", () => {
    const grpc = parseNode({ id: "a", user_agent_name: "gRPC Node Pure JS" });
    const envoy = parseNode({ id: "b", user_agent_name: "envoy" });
    expect(grpc.ok && grpc.node.client).toBe("grpc-js-xds");
    expect(envoy.ok && envoy.node.client).toBe("envoy");
  });
});

describe("parseHostPort", () => {
  it("accepts IPv4 and bracketed IPv6 literals with a port, nothing else", () => {
    expect(parseHostPort("127.0.0.1:80")).toEqual({ host: "127.0.0.1", port: 80 });
    expect(parseHostPort("[::1]:8080")).toEqual({ host: "::1", port: 8080 });
    expect(parseHostPort("localhost:80")).toBeUndefined();
    expect(parseHostPort("10.0.0.1:0")).toBeUndefined();
    expect(parseHostPort("10.0.0.1:70000")).toBeUndefined();
    expect(parseHostPort("999.0.0.1:80")).toBeUndefined();
  });
});
