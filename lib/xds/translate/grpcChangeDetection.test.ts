/**
 * grpc-js-xds ignores an update that its own resourcesEqual() calls equal to the cached resource, and
 * that comparison only walks the keys and bytes of the OLD value. This runs its real decoder and
 * comparison over route configurations before and after fault changes, so the workaround in
 * ClientCapabilities.faultOverrideOnEveryRoute is checked against the code that needs it.
 */
import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import { setRuleFault } from "@/lib/mesh/edit/edits";
import { parseMeshConfig } from "@/lib/mesh/parse";
import type { Fault, MeshConfig } from "@/lib/mesh/schema";
import { loadEnvoyRoot } from "./protoRoot";
import { translateForNode } from "./translateForNode";
import type { ClientKind } from "./types";
import { messageName, TYPE_URLS } from "./typeUrls";

interface RouteType {
  decode(context: object, resource: { type_url: string; value: Uint8Array }): { value?: unknown };
  resourcesEqual(a: unknown, b: unknown): boolean;
}

const require = createRequire(import.meta.url);
let routeType: RouteType;

beforeAll(() => {
  require("@grpc/grpc-js-xds");
  require("@grpc/grpc-js-xds/build/src/http-filter/fault-injection-filter").setup();
  routeType =
    require("@grpc/grpc-js-xds/build/src/xds-resource-type/route-config-resource-type").RouteConfigurationResourceType.get();
});

const parsed = parseMeshConfig(
  "services:\n  - name: greeter\n    routes:\n      - name: main\n        destinations: [{ service: greeter }]\n",
  "yaml",
);
if (!parsed.ok) throw new Error("fixture invalid");
const base: MeshConfig = parsed.config;

/** The greeter route configuration as grpc-js-xds decodes it. */
function decoded(config: MeshConfig, client: ClientKind): unknown {
  const route = translateForNode(config, [], { id: "n", capabilities: { client } }, new Date(0)).routes[0];
  const type = loadEnvoyRoot().lookupType(messageName(TYPE_URLS.routeConfiguration));
  const value = type.encode(type.fromObject(route ?? {})).finish();
  const result = routeType.decode({}, { type_url: TYPE_URLS.routeConfiguration, value });
  return result.value;
}

const withFault = (fault: Fault) => setRuleFault(base, "greeter", "main", fault);
const delay = { percentage: 10, duration: "1s" };
const abort = { percentage: 50, grpcStatus: 14 };

describe("grpc-js-xds notices every fault change we send it", () => {
  it("would miss a fault added to a route without one, in the plain form (why the workaround exists)", () => {
    expect(routeType.resourcesEqual(decoded(base, "envoy"), decoded(withFault({ abort }), "envoy"))).toBe(
      true,
    );
  });

  it.each([
    ["no fault → abort", base, withFault({ abort })],
    ["no fault → delay", base, withFault({ delay })],
    ["delay → delay and abort", withFault({ delay }), withFault({ delay, abort })],
    ["abort → delay and abort", withFault({ abort }), withFault({ delay, abort })],
    ["abort 50% → 5%", withFault({ abort }), withFault({ abort: { ...abort, percentage: 5 } })],
    ["fault → none", withFault({ delay, abort }), base],
  ])("%s", (_name, before, after) => {
    expect(routeType.resourcesEqual(decoded(before, "grpc-js-xds"), decoded(after, "grpc-js-xds"))).toBe(
      false,
    );
  });
});
