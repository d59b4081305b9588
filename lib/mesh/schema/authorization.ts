import { z } from "zod";
import { LIMITS } from "./limits";
import { pathMatchSchema } from "./match";
import { httpMethodSchema, nameSchema } from "./primitives";

/**
 * Which callers may reach a service. MODELLED NOW, ENFORCED LATER: these policies are stored, validated
 * (referenced services must exist, regexes must be RE2), versioned and diffed, but the xDS translator
 * does not emit RBAC filters yet, so no proxy enforces them. Enforcement needs caller identity, which
 * arrives with sidecar mTLS.
 *
 * Semantics once enforced: a request to `service` matches a policy when its source is one of
 * `from.services` (any source when omitted), its path matches one of `paths` (any when omitted) and its
 * method is one of `methods` (any when omitted). Deny policies win over allow policies; when a service
 * has at least one allow policy, requests matching none of them are denied.
 */
export const authorizationPolicySchema = z.strictObject({
  name: nameSchema,
  service: nameSchema,
  action: z.enum(["allow", "deny"]),
  from: z
    .strictObject({
      services: z.array(nameSchema).min(1).max(LIMITS.authorizationSources),
    })
    .optional(),
  paths: z.array(pathMatchSchema).max(LIMITS.matchersPerRule).optional(),
  methods: z.array(httpMethodSchema).max(9).optional(),
});
export type AuthorizationPolicy = z.infer<typeof authorizationPolicySchema>;
