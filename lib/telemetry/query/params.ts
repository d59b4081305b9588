import type { z } from "zod";
import { DomainError } from "@/lib/auth/errors";

/** A path parameter parsed with its schema, or a 400 naming it. */
export function pathParam<T>(schema: z.ZodType<T>, params: Record<string, string>, key: string): T {
  const parsed = schema.safeParse(params[key] ?? "");
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? "is invalid";
  throw new DomainError(400, "invalid_request", `invalid path: ${key} ${message}`, [{ path: key, message }]);
}
