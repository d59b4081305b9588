import type { DiscoveryRequest } from "../messages";
import { buildSnapshot, type Snapshot } from "../snapshot/snapshot";
import { SotwStream } from "../stream/sotw";
import { weightedServiceResources } from "./weighted-service";

// Shared fixtures for the state-of-the-world stream tests: a two-service mesh and a stream with a
// deterministic nonce sequence and a clock the test moves.

export function meshSnapshot(greeterWeights: [number, number]): Snapshot {
  const greeter = weightedServiceResources("greeter", [
    { name: "greeter-v1", weight: greeterWeights[0], endpoints: [{ host: "10.0.0.1", port: 8080 }] },
    { name: "greeter-v2", weight: greeterWeights[1], endpoints: [{ host: "10.0.0.2", port: 8080 }] },
  ]);
  const billing = weightedServiceResources("billing", [
    { name: "billing-v1", weight: 100, endpoints: [{ host: "10.0.1.1", port: 8080 }] },
  ]);
  return buildSnapshot({
    listeners: [...(greeter.listeners ?? []), ...(billing.listeners ?? [])],
    routes: [...(greeter.routes ?? []), ...(billing.routes ?? [])],
    clusters: [...(greeter.clusters ?? []), ...(billing.clusters ?? [])],
    endpoints: [...(greeter.endpoints ?? []), ...(billing.endpoints ?? [])],
  });
}

export function newSotwStream(maxResourceNamesPerRequest = 10_000) {
  let nonce = 0;
  let clock = 1_000;
  const stream = new SotwStream({
    nodeId: "node-1",
    streamId: "sotw-1",
    newNonce: () => `nonce-${++nonce}`,
    now: () => clock,
    limits: { maxResourceNamesPerRequest },
  });
  return { stream, tick: (ms: number) => (clock += ms) };
}

export const request = (fields: DiscoveryRequest): DiscoveryRequest => fields;
