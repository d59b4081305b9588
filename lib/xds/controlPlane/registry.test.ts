import { describe, expect, it } from "vitest";
import { type RegistryRow, registryView } from "./registry";
import { parseMeshNotice } from "./settings";

const row = (nodeId: string, extra: Partial<RegistryRow> = {}): RegistryRow => ({
  nodeId,
  service: "reviews",
  address: "10.0.0.1",
  port: 9080,
  labels: { version: "v1" },
  zone: null,
  graceLeftMs: null,
  ...extra,
});

describe("registryView", () => {
  it("turns registered proxies into healthy endpoints in node id order, keeping only string labels", () => {
    const view = registryView([
      row("b", { address: "10.0.0.2", zone: "zone-a", labels: { version: "v2", bad: 3 } }),
      row("a", { labels: null }),
    ]);
    expect(view).toEqual({
      endpoints: [
        { service: "reviews", address: "10.0.0.1", port: 9080, labels: {}, healthy: true },
        {
          service: "reviews",
          address: "10.0.0.2",
          port: 9080,
          labels: { version: "v2" },
          zone: "zone-a",
          healthy: true,
        },
      ],
    });
  });

  it("keeps endpoints of disconnected proxies unchanged and says when the first one expires", () => {
    const view = registryView([row("a", { graceLeftMs: 1500 }), row("b", { graceLeftMs: 700 }), row("c")]);
    expect(view.endpoints).toHaveLength(3);
    expect(view.endpoints.every((endpoint) => endpoint.healthy)).toBe(true);
    expect(view.nextExpiryMs).toBe(700);
    expect(registryView([row("a", { graceLeftMs: -5 })]).nextExpiryMs).toBe(0);
  });
});

describe("parseMeshNotice", () => {
  it("reads the two payloads and ignores anything else", () => {
    expect(parseMeshNotice("revision:42")).toEqual({ kind: "revision", number: 42 });
    expect(parseMeshNotice("registry")).toEqual({ kind: "registry" });
    for (const payload of [undefined, "", "revision:", "revision:x", "revision:1234567890", "other"]) {
      expect(parseMeshNotice(payload)).toBeUndefined();
    }
  });
});
