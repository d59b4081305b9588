/**
 * The sidecar bundle as `weft proxy` builds it (bin/proxy-bundle.mjs): it imports no protobufjs, carries
 * its xDS decoding schema inline, and a bundled sidecar started against a real xDS server decodes every
 * resource it accepts exactly as protobufjs does (compared through its /config_dump).
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MESH_YAML } from "@/lib/demo/shopMesh";
import { translate } from "@/lib/proxy/testing/harness";
import { decodeAny } from "@/lib/xds/protos";
import { RESOURCE_KINDS } from "@/lib/xds/resource-types";
import { startXdsServer, type XdsServer } from "@/lib/xds/server";
import { SnapshotCache } from "@/lib/xds/snapshot/cache";
import { buildSnapshot } from "@/lib/xds/snapshot/snapshot";
import type { RegistryEndpoint } from "@/lib/xds/translate/types";
import { buildProxyBundle } from "../../bin/proxy-bundle.mjs";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SHORT_NAMES = { listeners: "lds", routes: "rds", clusters: "cds", endpoints: "eds" } as const;
const REGISTRY: RegistryEndpoint[] = ["web", "catalog", "cart", "pricing", "reviews", "ratings"].map(
  (service, i) => ({ service, address: `10.0.0.${i + 1}`, port: 8080, labels: { version: "v1" } }),
);

let dir: string;
let bundle: string;
let inputs: string[];

beforeAll(async () => {
  // Under the repository, so any external import the bundle keeps resolves from node_modules.
  const cache = path.join(ROOT, "node_modules", ".cache", "weft");
  fs.mkdirSync(cache, { recursive: true });
  dir = fs.mkdtempSync(path.join(cache, "test-bundle-"));
  bundle = path.join(dir, "entry.mjs");
  ({ inputs } = await buildProxyBundle(ROOT, "lib/proxy/cli/entry.ts", bundle));
  const { stop } = await import("esbuild");
  await stop();
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the sidecar bundle", () => {
  it("does not import protobufjs and carries the decoding schema inline", () => {
    const text = fs.readFileSync(bundle, "utf8");
    expect(text).not.toMatch(/from\s*["']protobufjs/);
    expect(text).not.toMatch(/import\s*\(\s*["']protobufjs/);
    expect(text).not.toMatch(/require\s*\(\s*["']protobufjs/);
    expect(text).not.toContain("lib/xds/protos.ts");
    expect(text).toContain('"envoy.config.cluster.v3.Cluster":[');
  });

  it("is rebuilt when what the schema is derived from changes", () => {
    expect(inputs).toEqual(
      expect.arrayContaining([
        "lib/proxy/xds/schema/source.ts",
        "lib/proxy/xds/schema/derive.ts",
        "lib/xds/protos.ts",
        "node_modules/@grpc/grpc-js-xds/package.json",
      ]),
    );
  });

  it("decodes a control plane's configuration exactly as protobufjs does", async () => {
    const nodeId = "bundle-web-1";
    const snapshot = buildSnapshot(translate(DEMO_MESH_YAML, REGISTRY, nodeId));
    const cache = new SnapshotCache();
    cache.set(nodeId, snapshot);
    const xds: XdsServer = await startXdsServer({ host: "127.0.0.1", port: 0, cache });
    let child: ChildProcess | undefined;
    try {
      child = spawn(
        process.execPath,
        [
          bundle,
          ...["--service", "web", "--app", "127.0.0.1:9", "--xds", `127.0.0.1:${xds.port}`],
          ...["--node-id", nodeId, "--inbound-port", "0", "--outbound-port", "0", "--admin-port", "0"],
        ],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      const output = collect(child);
      await output.waitFor(/initial configuration received/);
      const admin = (await output.waitFor(/proxy admin: (\S+)/))[1];
      const dump = (await (await fetch(`http://${admin}/config_dump`)).json()) as ConfigDump;
      let compared = 0;
      for (const kind of RESOURCE_KINDS) {
        const dumped = dump.resources[SHORT_NAMES[kind]]?.resources ?? [];
        expect(dumped.length).toBeGreaterThan(0);
        for (const { name, resource } of dumped) {
          const encoded = snapshot[kind].resources.get(name);
          if (!encoded) throw new Error(`${kind} ${name} is not in the snapshot`);
          expect(resource).toStrictEqual(JSON.parse(JSON.stringify(decodeAny(encoded.any))));
          compared++;
        }
      }
      expect(compared).toBeGreaterThanOrEqual(8);
    } finally {
      child?.kill("SIGTERM");
      await xds.close();
    }
  });
});

interface ConfigDump {
  readonly resources: Record<
    string,
    { readonly resources: { name: string; resource: unknown }[] } | undefined
  >;
}

function collect(child: ChildProcess) {
  let text = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  return {
    async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(text);
        if (match) return match;
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`no ${pattern} from the sidecar; it wrote:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
