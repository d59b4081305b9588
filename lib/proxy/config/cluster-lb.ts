/** A Cluster's load-balancing policy, from lb_policy (+ its config) or load_balancing_policy extensions. */
import { unpackAny } from "./any";
import type { LbPolicy } from "./cluster-model";
import type { Diagnostics } from "./diagnostics";
import type { AnyDecoder } from "./envoy-protos";
import { enumField, isObject, listField, objectField, wrappedNumber, type XdsObject } from "./xds-values";

const LB_POLICIES = [
  "ROUND_ROBIN",
  "LEAST_REQUEST",
  "RING_HASH",
  "RANDOM",
  "ORIGINAL_DST_LB",
  "MAGLEV",
  "CLUSTER_PROVIDED",
  "LOAD_BALANCING_POLICY_CONFIG",
];
const MAX_RING_SIZE = 8_388_608;
const POLICY_PREFIX = "envoy.extensions.load_balancing_policies.";

export function parseLbPolicy(o: XdsObject, decode: AnyDecoder, d: Diagnostics): LbPolicy | undefined {
  const extension = objectField(o, "load_balancing_policy");
  if (extension) return parsePolicyExtensions(extension, decode, d.at("load_balancing_policy"));
  const name = enumField(o, "lb_policy", LB_POLICIES) ?? "ROUND_ROBIN";
  switch (name) {
    case "ROUND_ROBIN":
      return { kind: "round_robin" };
    case "RANDOM":
      return { kind: "random" };
    case "LEAST_REQUEST":
      return leastRequest(objectField(o, "least_request_lb_config"), d.at("least_request_lb_config"));
    case "RING_HASH":
      return ringHash(objectField(o, "ring_hash_lb_config"), d.at("ring_hash_lb_config"));
    case "MAGLEV":
      return maglev(objectField(o, "maglev_lb_config"), d.at("maglev_lb_config"));
    default:
      d.error(`lb_policy ${name} is not supported`);
      return undefined;
  }
}

/** The first policy this proxy supports wins, as Envoy and gRPC do; wrr_locality is unwrapped. */
function parsePolicyExtensions(o: XdsObject, decode: AnyDecoder, d: Diagnostics): LbPolicy | undefined {
  for (const [i, policy] of listField(o, "policies").entries()) {
    if (!isObject(policy)) continue;
    const typed = objectField(objectField(policy, "typed_extension_config"), "typed_config");
    const any = typed && unpackAny(typed, decode, d.at(`policies[${i}]`));
    if (!any?.message || !any.typeName.startsWith(POLICY_PREFIX)) continue;
    const kind = any.typeName.slice(POLICY_PREFIX.length).split(".")[0];
    const pd = d.at(`policies[${i}]`);
    if (kind === "wrr_locality") {
      const inner = objectField(any.message, "endpoint_picking_policy");
      if (inner) return parsePolicyExtensions(inner, decode, pd);
    }
    if (kind === "round_robin") return { kind: "round_robin" };
    if (kind === "random") return { kind: "random" };
    if (kind === "least_request") return leastRequest(any.message, pd);
    if (kind === "ring_hash") return ringHash(any.message, pd);
    if (kind === "maglev") return maglev(any.message, pd);
  }
  d.error("has no supported policy");
  return undefined;
}

function leastRequest(o: XdsObject | undefined, d: Diagnostics): LbPolicy {
  const choiceCount = wrappedNumber(o, "choice_count") ?? 2;
  if (!Number.isInteger(choiceCount) || choiceCount < 2)
    d.error(`choice_count ${choiceCount} must be at least 2`);
  return { kind: "least_request", choiceCount };
}

function ringHash(o: XdsObject | undefined, d: Diagnostics): LbPolicy {
  const minRingSize = wrappedNumber(o, "minimum_ring_size") ?? 1024;
  const maxRingSize = wrappedNumber(o, "maximum_ring_size") ?? MAX_RING_SIZE;
  if (minRingSize < 1 || minRingSize > MAX_RING_SIZE)
    d.error(`minimum_ring_size ${minRingSize} is outside [1, ${MAX_RING_SIZE}]`);
  if (maxRingSize > MAX_RING_SIZE) d.error(`maximum_ring_size ${maxRingSize} exceeds ${MAX_RING_SIZE}`);
  if (minRingSize > maxRingSize)
    d.error(`minimum_ring_size ${minRingSize} exceeds maximum_ring_size ${maxRingSize}`);
  if (enumField(o, "hash_function", ["XX_HASH", "MURMUR_HASH_2"]) === "MURMUR_HASH_2") {
    d.note("hash_function MURMUR_HASH_2 is ignored: the proxy always uses xxHash32");
  }
  return { kind: "ring_hash", minRingSize, maxRingSize };
}

function maglev(o: XdsObject | undefined, d: Diagnostics): LbPolicy {
  const tableSize = wrappedNumber(o, "table_size") ?? 65_537;
  if (!isPrime(tableSize) || tableSize > 5_000_011)
    d.error(`table_size ${tableSize} must be a prime no larger than 5000011`);
  return { kind: "maglev", tableSize };
}

function isPrime(n: number): boolean {
  if (!Number.isInteger(n) || n < 2) return false;
  for (let f = 2; f * f <= n; f++) if (n % f === 0) return false;
  return true;
}
