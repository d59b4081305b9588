import { z } from "zod";
import type { Actor } from "../auth/actor";
import { DomainError } from "../auth/errors";
import type { Role } from "../auth/roles";
import { getRuntime, type WeftRuntime } from "../server/runtime";
import { assertCsrf, assertRole, authenticate } from "./authenticate";
import { readJsonBody } from "./body";
import { errorResponse, jsonResponse } from "./json";
import { problemsToMessage, zodProblems } from "./zodDetails";

const DEFAULT_MAX_BODY = 1024 * 1024;

export interface RouteContext<B, Q> {
  request: Request;
  runtime: WeftRuntime;
  actor: Actor;
  body: B;
  query: Q;
  params: Record<string, string>;
}

export interface RouteOptions<B, Q> {
  /** Minimum role; every API route except login/health names one. */
  role: Role;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  maxBodyBytes?: number;
}

type NextRouteArgs = { params: Promise<Record<string, string | string[]>> };

/**
 * The one shape of a JSON API handler: authenticate → CSRF → role → parse (zod) → one lib call → JSON.
 * Errors become `{ error: { code, message, details? } }` with the right status.
 */
export function apiRoute<B = undefined, Q = undefined>(
  options: RouteOptions<B, Q>,
  handler: (ctx: RouteContext<B, Q>) => Promise<unknown>,
): (request: Request, args: NextRouteArgs) => Promise<Response> {
  return async (request, args) =>
    handleErrors(async () => {
      const runtime = getRuntime();
      const actor = assertRole(await authenticate(runtime.db.prisma, request), options.role);
      assertCsrf(actor, request);
      const params = flattenParams(await args.params);
      const query = parseWith(options.query, Object.fromEntries(new URL(request.url).searchParams), "query");
      const body = options.body
        ? parseWith(
            options.body,
            await readJsonBody(request, options.maxBodyBytes ?? DEFAULT_MAX_BODY),
            "body",
          )
        : (undefined as B);
      const result = await handler({ request, runtime, actor, body, query: query as Q, params });
      return result instanceof Response ? result : jsonResponse(result ?? { ok: true });
    });
}

/** Maps DomainError, ZodError and the unexpected to the error envelope. */
export async function handleErrors(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainError) {
      return errorResponse(error.status, error.code, error.message, error.details, error.headers);
    }
    console.error("unhandled API error:", error);
    return errorResponse(500, "internal", "internal error; see the server log");
  }
}

export function parseWith<T>(schema: z.ZodType<T> | undefined, input: unknown, where: "query" | "body"): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = zodProblems(result.error);
  throw new DomainError(400, "invalid_request", `invalid ${where}: ${problemsToMessage(problems)}`, problems);
}

function flattenParams(params: Record<string, string | string[]> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params ?? {}))
    out[key] = Array.isArray(value) ? value.join("/") : value;
  return out;
}

export const uuidParam = z.string().uuid("is not a valid id");
