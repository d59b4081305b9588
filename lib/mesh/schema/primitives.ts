import { z } from "zod";
import { DURATION_MAX_LENGTH, parseDuration } from "../duration";
import { LIMITS } from "./limits";

/**
 * Names of services, subsets, rules and policies: lowercase DNS labels starting with a letter, so they
 * are safe inside xDS resource names (`reviews|v2`) and never look like list indexes in paths.
 */
export const nameSchema = z
  .string()
  .max(LIMITS.nameLength)
  .regex(/^[a-z]([a-z0-9-]*[a-z0-9])?$/, {
    message: "must be a lowercase name: letters, digits and '-', starting with a letter",
  });

/**
 * A duration such as "250ms", "1.5s", "2m" or "1m30s". Only the syntax is checked here; each field's
 * range is checked by validateMeshConfig, which knows the field.
 */
export const durationSchema = z
  .string()
  .max(DURATION_MAX_LENGTH)
  .refine((text) => parseDuration(text) !== null, {
    message: 'must be a duration such as "250ms", "1.5s" or "2m" (units h, m, s, ms)',
  });

/** A percentage from 0 to 100 with at most 4 decimals (the precision of a per-million fraction). */
export const percentageSchema = z
  .number()
  .min(0)
  .max(100)
  .refine((value) => hasAtMostDecimals(value, 4), {
    message: "must have at most 4 decimals",
  });

function hasAtMostDecimals(value: number, decimals: number): boolean {
  const scaled = value * 10 ** decimals;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

const labelKeySchema = z
  .string()
  .min(1)
  .max(LIMITS.labelKeyLength)
  .regex(/^[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?$/, {
    message: "label keys use letters, digits, '.', '_', '/', '-' and start and end alphanumeric",
  });

const labelValueSchema = z
  .string()
  .max(LIMITS.labelValueLength)
  .regex(/^[A-Za-z0-9._-]*$/, { message: "label values use letters, digits, '.', '_' and '-'" });

/** Labels of an instance, or a selector that matches instances carrying all of these labels. */
export const labelsSchema = z
  .record(labelKeySchema, labelValueSchema)
  .refine((labels) => Object.keys(labels).length <= LIMITS.labelsPerSelector, {
    message: `at most ${LIMITS.labelsPerSelector} labels`,
  });

/** HTTP/2 header names are lowercase tokens; pseudo-headers (":method") may be matched, not changed. */
export const matchHeaderNameSchema = z
  .string()
  .min(1)
  .max(LIMITS.headerNameLength)
  .regex(/^:?[a-z0-9!#$%&'*+.^_`|~-]+$/, { message: "must be a lowercase HTTP header name" });

export const mutableHeaderNameSchema = z
  .string()
  .min(1)
  .max(LIMITS.headerNameLength)
  .regex(/^[a-z0-9!#$%&'*+.^_`|~-]+$/, {
    message: "must be a lowercase HTTP header name (pseudo-headers cannot be changed)",
  });

export const headerValueSchema = z
  .string()
  .max(LIMITS.headerValueLength)
  .regex(/^[\t\x20-\x7e\x80-\uffff]*$/, { message: "must not contain control characters" });

export const urlPathSchema = z
  .string()
  .min(1)
  .max(LIMITS.pathLength)
  .regex(/^\/[^\s]*$/, { message: "must start with / and contain no spaces" });

/** RE2 syntax is checked by validateMeshConfig (it needs a parser, and reports the offset). */
export const regexSchema = z.string().min(1).max(LIMITS.regexLength);

export const httpMethodSchema = z.enum([
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "PATCH",
  "OPTIONS",
  "CONNECT",
  "TRACE",
]);

/** Counts that end up in uint32 proto fields; a million is far above any sane limit. */
export const countSchema = z.number().int().min(1).max(1_000_000);

/** Zod refinement helper: exactly one of the listed optional keys is set. */
export function exactlyOne(keys: readonly string[]) {
  return (value: object) => keys.filter((key) => Reflect.get(value, key) !== undefined).length === 1;
}

export function exactlyOneMessage(keys: readonly string[]): { message: string } {
  return { message: `set exactly one of ${keys.join(", ")}` };
}
