import { z } from "zod";
import { isIpLiteral } from "../ip";
import { LIMITS } from "./limits";
import { destinationPolicySchema } from "./policy";
import { labelsSchema, nameSchema } from "./primitives";
import { routeRuleSchema } from "./route";

/** A named label selector: instances of the service carrying all `labels` belong to the subset. */
export const subsetSchema = z.strictObject({
  name: nameSchema,
  labels: labelsSchema.refine((labels) => Object.keys(labels).length > 0, {
    message: "a subset needs at least one label",
  }),
  policy: destinationPolicySchema.optional(),
});
export type Subset = z.infer<typeof subsetSchema>;

/**
 * An endpoint an admin registers by hand (an address outside the mesh). Sidecars register themselves
 * through the xDS stream instead. Addresses are IP literals because xDS clients (gRPC in particular)
 * accept nothing else in endpoint assignments.
 */
export const externalEndpointSchema = z.strictObject({
  address: z.string().max(45).refine(isIpLiteral, { message: "must be an IPv4 or IPv6 literal" }),
  port: z.number().int().min(1).max(65_535),
  labels: labelsSchema.optional(),
  zone: z
    .string()
    .max(LIMITS.nameLength)
    .regex(/^[A-Za-z0-9._-]+$/, { message: "zones use letters, digits, '.', '_' and '-'" })
    .optional(),
  weight: z.number().int().min(1).max(10_000).optional(),
});
export type ExternalEndpoint = z.infer<typeof externalEndpointSchema>;

export const serviceSchema = z.strictObject({
  name: nameSchema,
  /** Informational grouping; names are unique across namespaces. Also accepted as `name.namespace`. */
  namespace: nameSchema.optional(),
  labels: labelsSchema.optional(),
  subsets: z.array(subsetSchema).max(LIMITS.subsetsPerService).optional(),
  endpoints: z.array(externalEndpointSchema).max(LIMITS.endpointsPerService).optional(),
  /** Ordered rules for requests addressed to this service; none means "all traffic to the service". */
  routes: z.array(routeRuleSchema).max(LIMITS.rulesPerService).optional(),
  policy: destinationPolicySchema.optional(),
});
export type Service = z.infer<typeof serviceSchema>;
