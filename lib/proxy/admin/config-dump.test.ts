import { describe, expect, it } from "vitest";
import { fromXds } from "../config/from-xds";
import { outboundListener } from "../config/testing/xds-fixtures";
import { buildConfigDump } from "./config-dump";

describe("buildConfigDump", () => {
  it("shows per type the version, acceptance time, last rejection and resources, plus missing references", () => {
    const converted = fromXds({ listeners: [outboundListener()] });
    if (!converted.ok) throw new Error("fixture should convert");
    const dump = buildConfigDump({
      node: { id: "n1", service: "reviews", labels: { version: "v2" } },
      xds: { address: "127.0.0.1:18000", connected: true, lastError: "" },
      ready: true,
      config: converted.config,
      types: [
        {
          kind: "Listener",
          typeUrl: "type.googleapis.com/envoy.config.listener.v3.Listener",
          subscription: "*",
          version: "abc",
          acceptedAt: Date.UTC(2030, 0, 1),
          rejected: { version: "def", nonce: "n9", message: "Listener x: bad", at: Date.UTC(2030, 0, 2) },
          accepts: 2,
          rejects: 1,
          resources: [{ name: "outbound_0.0.0.0_15001", resource: { name: "outbound_0.0.0.0_15001" } }],
        },
      ],
    });
    expect(dump).toMatchObject({
      node: { id: "n1" },
      ready: true,
      resources: {
        lds: {
          version: "abc",
          accepted_at: "2030-01-01T00:00:00.000Z",
          accepted_updates: 2,
          rejected_updates: 1,
          last_rejection: { version: "def", error_detail: "Listener x: bad", at: "2030-01-02T00:00:00.000Z" },
          resources: [{ name: "outbound_0.0.0.0_15001" }],
        },
      },
      missing_references: ["Listener outbound_0.0.0.0_15001: RouteConfiguration outbound has not arrived"],
    });
  });
});
