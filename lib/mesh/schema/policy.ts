import { z } from "zod";
import {
  countSchema,
  durationSchema,
  exactlyOne,
  exactlyOneMessage,
  matchHeaderNameSchema,
  urlPathSchema,
} from "./primitives";

const HASH_KEYS = ["header", "cookie", "sourceIp"] as const;
/** What a consistent-hash balancer hashes on, so that one key keeps reaching one backend. */
export const hashOnSchema = z
  .strictObject({
    header: matchHeaderNameSchema.optional(),
    cookie: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { message: "must be a cookie name" })
      .optional(),
    sourceIp: z.literal(true).optional(),
  })
  .refine(exactlyOne(HASH_KEYS), exactlyOneMessage(HASH_KEYS));
export type HashOn = z.infer<typeof hashOnSchema>;

/** Envoy's ring size bound (and gRPC's): 8M entries. */
export const MAX_RING_SIZE = 8_388_608;

export const loadBalancerSchema = z
  .strictObject({
    type: z.enum(["round_robin", "random", "least_request", "ring_hash", "maglev"]),
    hashOn: hashOnSchema.optional(),
    minRingSize: z.number().int().min(1).max(MAX_RING_SIZE).optional(),
    maxRingSize: z.number().int().min(1).max(MAX_RING_SIZE).optional(),
  })
  .refine((lb) => lb.hashOn === undefined || lb.type === "ring_hash" || lb.type === "maglev", {
    message: "hashOn applies only to ring_hash and maglev",
    path: ["hashOn"],
  })
  .refine((lb) => (lb.minRingSize === undefined && lb.maxRingSize === undefined) || lb.type === "ring_hash", {
    message: "minRingSize and maxRingSize apply only to ring_hash",
  });
export type LoadBalancer = z.infer<typeof loadBalancerSchema>;
export type LoadBalancerType = LoadBalancer["type"];

/** Limits per upstream cluster, enforced by the calling proxy. */
export const circuitBreakersSchema = z.strictObject({
  maxConnections: countSchema.optional(),
  maxPendingRequests: countSchema.optional(),
  maxRequests: countSchema.optional(),
  maxRetries: countSchema.optional(),
});
export type CircuitBreakers = z.infer<typeof circuitBreakersSchema>;

/** Passive health: eject an endpoint after consecutive failures. */
export const outlierDetectionSchema = z.strictObject({
  consecutive5xx: z.number().int().min(1).max(1000).optional(),
  consecutiveGatewayErrors: z.number().int().min(1).max(1000).optional(),
  interval: durationSchema.optional(),
  baseEjectionTime: durationSchema.optional(),
  /** Whole percent (the proto field is an integer). */
  maxEjectionPercent: z.number().int().min(0).max(100).optional(),
});
export type OutlierDetection = z.infer<typeof outlierDetectionSchema>;

/** Active health: the calling proxy probes `path` over HTTP on every endpoint. */
export const healthCheckSchema = z.strictObject({
  path: urlPathSchema,
  interval: durationSchema,
  timeout: durationSchema,
  healthyThreshold: z.number().int().min(1).max(100),
  unhealthyThreshold: z.number().int().min(1).max(100),
});
export type HealthCheck = z.infer<typeof healthCheckSchema>;

/** Token bucket: `tokensPerFill` tokens every `fillInterval`, holding at most `maxTokens`. */
export const localRateLimitSchema = z.strictObject({
  tokensPerFill: countSchema,
  fillInterval: durationSchema,
  maxTokens: countSchema,
});
export type LocalRateLimit = z.infer<typeof localRateLimitSchema>;

/**
 * How callers treat a destination (a service, or one subset of it). A subset's policy overrides the
 * service's policy section by section: a subset that sets `circuitBreakers` replaces the service's
 * circuit breakers entirely and inherits the other sections.
 */
export const destinationPolicySchema = z.strictObject({
  loadBalancer: loadBalancerSchema.optional(),
  circuitBreakers: circuitBreakersSchema.optional(),
  outlierDetection: outlierDetectionSchema.optional(),
  healthCheck: healthCheckSchema.optional(),
  localRateLimit: localRateLimitSchema.optional(),
});
export type DestinationPolicy = z.infer<typeof destinationPolicySchema>;
