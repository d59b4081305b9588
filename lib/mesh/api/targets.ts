import { z } from "zod";
import { parseWith } from "@/lib/http/apiRoute";
import { externalEndpointSchema, nameSchema } from "../schema";
import { commitOptionsSchema } from "../store/changes";

/** A rule is named, or addressed by its index when unnamed ("0", "1", …). */
const ruleRefSchema = z.union([nameSchema, z.string().regex(/^\d{1,3}$/, "must be a rule name or index")]);

export function serviceName(params: Record<string, string>): string {
  return parseWith(nameSchema, params.service, "query");
}

export function ruleTarget(params: Record<string, string>): { service: string; rule: string } {
  return { service: serviceName(params), rule: parseWith(ruleRefSchema, params.rule, "query") };
}

export const endpointBodySchema = commitOptionsSchema.extend({ endpoint: externalEndpointSchema });

export const endpointQuerySchema = z.object({
  address: z.string().min(1).max(45),
  port: z.coerce.number().int().min(1).max(65_535),
  message: z.string().max(1024).optional(),
  expectedRevision: z.coerce.number().int().min(0).optional(),
});
