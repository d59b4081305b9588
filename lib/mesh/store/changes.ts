import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import {
  clearAllFaults,
  clearRuleFault,
  putExternalEndpoint,
  type RemovedFault,
  removeExternalEndpoint,
  setRuleDestinations,
  setRuleFault,
  withExpiry,
} from "../edit/edits";
import {
  type Destination,
  destinationSchema,
  type ExternalEndpoint,
  type Fault,
  faultSchema,
} from "../schema";
import type { MeshConfig } from "../schema/config";
import { LIMITS } from "../schema/limits";
import { type CommitResult, commitRevision } from "./commitRevision";
import { getRevision } from "./readRevisions";

// The operations behind the API's write endpoints. Each is one commitRevision: validated, versioned,
// audited and announced to every replica, or not applied at all.

/** What every change may carry: why (shown in history) and the revision it was based on (409 if stale). */
export const commitOptionsSchema = z.strictObject({
  message: z.string().max(1024).optional(),
  expectedRevision: z.number().int().min(0).max(2_000_000_000).optional(),
});
export type CommitOptions = z.infer<typeof commitOptionsSchema>;

export function applyConfig(db: Db, actor: Actor, config: unknown, options: CommitOptions) {
  return commitRevision(db, actor, {
    action: "mesh.apply",
    target: "config",
    ...options,
    change: () => config as MeshConfig,
  });
}

/** Makes an old revision's config current again, as a new revision that records where it came from. */
export async function restoreRevision(db: Db, actor: Actor, number: number, options: CommitOptions) {
  const old = await getRevision(db, number);
  return commitRevision(db, actor, {
    action: "mesh.restore",
    target: `revision ${number}`,
    expectedRevision: options.expectedRevision,
    message: options.message ?? `restore revision ${number}`,
    restoredFrom: number,
    change: () => old.config,
  });
}

export const weightsBodySchema = commitOptionsSchema.extend({
  destinations: z.array(destinationSchema).min(1).max(LIMITS.destinationsPerRule),
});

export function setWeights(
  db: Db,
  actor: Actor,
  target: { service: string; rule: string },
  destinations: Destination[],
  options: CommitOptions,
) {
  return commitRevision(db, actor, {
    action: "mesh.weights",
    target: `services/${target.service}/routes/${target.rule}`,
    ...options,
    change: (config) => setRuleDestinations(config, target.service, target.rule, destinations),
  });
}

export const faultBodySchema = commitOptionsSchema.extend({
  fault: faultSchema,
  /** Instead of fault.expiresAt: a duration from now, e.g. "15m". */
  expiresIn: z.string().max(32).optional(),
});

export function setFault(
  db: Db,
  actor: Actor,
  target: { service: string; rule: string },
  input: { fault: Fault; expiresIn?: string | undefined },
  options: CommitOptions,
  now = new Date(),
) {
  return commitRevision(db, actor, {
    action: "mesh.fault.set",
    target: `services/${target.service}/routes/${target.rule}`,
    ...options,
    now,
    change: (config) =>
      setRuleFault(config, target.service, target.rule, withExpiry(input.fault, input.expiresIn, now)),
  });
}

export function clearFault(
  db: Db,
  actor: Actor,
  target: { service: string; rule: string },
  options: CommitOptions,
) {
  return commitRevision(db, actor, {
    action: "mesh.fault.clear",
    target: `services/${target.service}/routes/${target.rule}`,
    ...options,
    change: (config) => clearRuleFault(config, target.service, target.rule),
  });
}

/** The kill switch: removes every fault in one revision (nothing is committed when there is none). */
export async function clearEveryFault(
  db: Db,
  actor: Actor,
  options: CommitOptions,
): Promise<CommitResult & { removed: RemovedFault[] }> {
  let removed: RemovedFault[] = [];
  const result = await commitRevision(db, actor, {
    action: "mesh.fault.clear_all",
    target: "faults",
    ...options,
    message: options.message ?? "kill switch: remove every fault",
    change: (config) => {
      const cleared = clearAllFaults(config);
      removed = cleared.removed;
      return cleared.config;
    },
  });
  return { ...result, removed };
}

export function putEndpoint(
  db: Db,
  actor: Actor,
  service: string,
  endpoint: ExternalEndpoint,
  options: CommitOptions,
) {
  return commitRevision(db, actor, {
    action: "mesh.endpoint.put",
    target: `services/${service}/endpoints/${endpoint.address}:${endpoint.port}`,
    ...options,
    change: (config) => putExternalEndpoint(config, service, endpoint),
  });
}

export function deleteEndpoint(
  db: Db,
  actor: Actor,
  service: string,
  endpoint: { address: string; port: number },
  options: CommitOptions,
) {
  return commitRevision(db, actor, {
    action: "mesh.endpoint.delete",
    target: `services/${service}/endpoints/${endpoint.address}:${endpoint.port}`,
    ...options,
    change: (config) => removeExternalEndpoint(config, service, endpoint.address, endpoint.port),
  });
}
