import { z } from "zod";
import { authorizationPolicySchema } from "./authorization";
import { LIMITS } from "./limits";
import { serviceSchema } from "./service";

/**
 * The whole mesh configuration: one document, versioned as a unit. Cross-references (destinations,
 * mirrors, authorization sources), weight sums, RE2 syntax and duration ranges are checked by
 * validateMeshConfig, which zod cannot express.
 */
export const meshConfigSchema = z.strictObject({
  services: z.array(serviceSchema).max(LIMITS.services),
  authorization: z.array(authorizationPolicySchema).max(LIMITS.authorizationPolicies).optional(),
});
export type MeshConfig = z.infer<typeof meshConfigSchema>;
