import { z } from "zod";
import { LIMITS } from "./limits";
import { headerMatchSchema, ruleMatchSchema } from "./match";
import {
  durationSchema,
  exactlyOne,
  exactlyOneMessage,
  headerValueSchema,
  mutableHeaderNameSchema,
  nameSchema,
  percentageSchema,
} from "./primitives";

/**
 * Where a rule sends traffic. `weight` is an integer share; within a rule the weights must be
 * non-negative and sum to 100 (checked by validateMeshConfig). A rule with a single destination may omit
 * the weight (it gets 100).
 */
export const destinationSchema = z.strictObject({
  service: nameSchema,
  subset: nameSchema.optional(),
  weight: z.number().int().optional(),
});
export type Destination = z.infer<typeof destinationSchema>;

/**
 * HTTP conditions (Envoy's names) and gRPC status conditions (used by proxyless gRPC clients; Envoy
 * also understands them for gRPC traffic).
 */
export const retryConditionSchema = z.enum([
  "5xx",
  "gateway-error",
  "connect-failure",
  "reset",
  "retriable-status-codes",
  "cancelled",
  "deadline-exceeded",
  "internal",
  "resource-exhausted",
  "unavailable",
]);
export type RetryCondition = z.infer<typeof retryConditionSchema>;

export const retryPolicySchema = z.strictObject({
  /** Retries after the first try (Envoy's num_retries), 1..10. */
  attempts: z.number().int().min(1).max(10),
  perTryTimeout: durationSchema.optional(),
  retryOn: z.array(retryConditionSchema).min(1).max(LIMITS.retryConditions),
  /** Status codes retried when retryOn contains "retriable-status-codes". */
  retriableStatusCodes: z.array(z.number().int().min(100).max(599)).max(LIMITS.retryStatusCodes).optional(),
  backoff: z
    .strictObject({
      baseInterval: durationSchema,
      maxInterval: durationSchema.optional(),
    })
    .optional(),
});
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

const ABORT_KEYS = ["httpStatus", "grpcStatus"] as const;
export const faultSchema = z
  .strictObject({
    delay: z.strictObject({ percentage: percentageSchema, duration: durationSchema }).optional(),
    abort: z
      .strictObject({
        percentage: percentageSchema,
        httpStatus: z.number().int().min(200).max(599).optional(),
        /** A gRPC status code, 1..16 (0 is OK, which is not a fault). */
        grpcStatus: z.number().int().min(1).max(16).optional(),
      })
      .refine(exactlyOne(ABORT_KEYS), exactlyOneMessage(ABORT_KEYS))
      .optional(),
    /** Only requests matching all these headers are faulted. */
    headers: z.array(headerMatchSchema).max(LIMITS.matchersPerRule).optional(),
    /** RFC 3339 time after which the fault is no longer sent to proxies. */
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((fault) => fault.delay !== undefined || fault.abort !== undefined, {
    message: "set delay, abort or both",
  });
export type Fault = z.infer<typeof faultSchema>;

const headerMapSchema = z
  .record(mutableHeaderNameSchema, headerValueSchema)
  .refine((headers) => Object.keys(headers).length <= LIMITS.headerChanges, {
    message: `at most ${LIMITS.headerChanges} headers`,
  });

/** `set` replaces (or adds) a header, `add` appends a value, `remove` deletes it. */
export const headerChangesSchema = z.strictObject({
  set: headerMapSchema.optional(),
  add: headerMapSchema.optional(),
  remove: z.array(mutableHeaderNameSchema).max(LIMITS.headerChanges).optional(),
});
export type HeaderChanges = z.infer<typeof headerChangesSchema>;

/** Shadow traffic: a copy of `percentage` of requests goes to the mirror; its responses are dropped. */
export const mirrorSchema = z.strictObject({
  service: nameSchema,
  subset: nameSchema.optional(),
  percentage: percentageSchema,
});
export type Mirror = z.infer<typeof mirrorSchema>;

/** One ordered routing rule of a service: the first rule whose match holds handles the request. */
export const routeRuleSchema = z.strictObject({
  name: nameSchema.optional(),
  match: ruleMatchSchema.optional(),
  destinations: z.array(destinationSchema).min(1).max(LIMITS.destinationsPerRule),
  timeout: durationSchema.optional(),
  retry: retryPolicySchema.optional(),
  fault: faultSchema.optional(),
  requestHeaders: headerChangesSchema.optional(),
  responseHeaders: headerChangesSchema.optional(),
  mirror: mirrorSchema.optional(),
});
export type RouteRule = z.infer<typeof routeRuleSchema>;
