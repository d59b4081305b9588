import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseMeshConfig } from "@/lib/mesh/parse";
import { loadSample } from "@/lib/mesh/samples/loadSample";
import type { MeshConfig } from "@/lib/mesh/schema";
import type { ClientKind, RegistryEndpoint } from "../types";
import { shopRegistry } from "./shopRegistry";

/** One golden-file scenario: inputs of translateForNode and the file its output is compared with. */
export interface TranslationCase {
  name: string;
  config: MeshConfig;
  registry: RegistryEndpoint[];
  client: ClientKind;
  now: Date;
}

function fixture(name: string): MeshConfig {
  const text = readFileSync(fileURLToPath(new URL(`./${name}.yaml`, import.meta.url)), "utf8");
  const result = parseMeshConfig(text, "yaml");
  if (!result.ok) throw new Error(`fixture ${name}: ${JSON.stringify(result.errors)}`);
  return result.config;
}

const greeters: RegistryEndpoint[] = [
  { service: "greeter", address: "127.0.0.1", port: 50051, labels: { version: "v1" }, healthy: true },
  { service: "greeter", address: "127.0.0.1", port: 50052, labels: { version: "v1" }, healthy: true },
  { service: "greeter", address: "127.0.0.1", port: 50053, labels: { version: "v2" }, healthy: true },
];

const sessions: RegistryEndpoint[] = [
  { service: "sessions", address: "10.1.0.1", port: 7000, labels: { color: "blue" }, zone: "b" },
  { service: "sessions", address: "10.1.0.2", port: 7000, labels: { color: "green" }, zone: "a" },
  { service: "sessions", address: "10.1.0.2", port: 7000, labels: { color: "green" }, zone: "a" },
  { service: "carts", address: "::1", port: 7001, labels: {} },
];

const NOW = new Date("2025-06-01T12:00:00Z");

export function translationCases(): TranslationCase[] {
  const shop = loadSample("shop");
  return [
    { name: "shop.envoy", config: shop, registry: shopRegistry, client: "envoy", now: NOW },
    { name: "shop.grpc-js-xds", config: shop, registry: shopRegistry, client: "grpc-js-xds", now: NOW },
    {
      name: "canary.grpc-js-xds",
      config: fixture("canary"),
      registry: greeters,
      client: "grpc-js-xds",
      now: NOW,
    },
    { name: "faults.envoy", config: fixture("faults"), registry: [], client: "envoy", now: NOW },
    { name: "faults.grpc-js-xds", config: fixture("faults"), registry: [], client: "grpc-js-xds", now: NOW },
    {
      name: "policies.weft-proxy",
      config: fixture("policies"),
      registry: sessions,
      client: "weft-proxy",
      now: NOW,
    },
    {
      name: "policies.grpc-js-xds",
      config: fixture("policies"),
      registry: sessions,
      client: "grpc-js-xds",
      now: NOW,
    },
  ];
}
