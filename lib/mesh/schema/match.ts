import { z } from "zod";
import { LIMITS } from "./limits";
import {
  exactlyOne,
  exactlyOneMessage,
  headerValueSchema,
  httpMethodSchema,
  matchHeaderNameSchema,
  regexSchema,
  urlPathSchema,
} from "./primitives";

const PATH_KEYS = ["exact", "prefix", "regex"] as const;
/** Request path: exactly one of exact, prefix (e.g. "/api/") or an RE2 regex over the whole path. */
export const pathMatchSchema = z
  .strictObject({
    exact: urlPathSchema.optional(),
    prefix: urlPathSchema.optional(),
    regex: regexSchema.optional(),
  })
  .refine(exactlyOne(PATH_KEYS), exactlyOneMessage(PATH_KEYS));
export type PathMatch = z.infer<typeof pathMatchSchema>;

const HEADER_KEYS = ["exact", "regex", "present", "absent"] as const;
/** A header condition: exact value, RE2 regex over the value, header present, or header absent. */
export const headerMatchSchema = z
  .strictObject({
    name: matchHeaderNameSchema,
    exact: headerValueSchema.optional(),
    regex: regexSchema.optional(),
    present: z.literal(true).optional(),
    absent: z.literal(true).optional(),
  })
  .refine(exactlyOne(HEADER_KEYS), exactlyOneMessage(HEADER_KEYS));
export type HeaderMatch = z.infer<typeof headerMatchSchema>;

const QUERY_KEYS = ["exact", "regex", "present"] as const;
/** A query parameter condition (parameter names are case-sensitive). */
export const queryMatchSchema = z
  .strictObject({
    name: z.string().min(1).max(LIMITS.headerNameLength),
    exact: z.string().max(LIMITS.headerValueLength).optional(),
    regex: regexSchema.optional(),
    present: z.literal(true).optional(),
  })
  .refine(exactlyOne(QUERY_KEYS), exactlyOneMessage(QUERY_KEYS));
export type QueryMatch = z.infer<typeof queryMatchSchema>;

/**
 * All conditions must hold. An absent or empty match matches every request (a catch-all); only the last
 * rule of a service should be one.
 */
export const ruleMatchSchema = z.strictObject({
  path: pathMatchSchema.optional(),
  headers: z.array(headerMatchSchema).max(LIMITS.matchersPerRule).optional(),
  query: z.array(queryMatchSchema).max(LIMITS.matchersPerRule).optional(),
  method: httpMethodSchema.optional(),
});
export type RuleMatch = z.infer<typeof ruleMatchSchema>;
