import { sessionCookies, wantsSecureCookies } from "@/lib/auth/cookies";
import { login, loginSchema } from "@/lib/auth/login";
import { LoginLimiter } from "@/lib/auth/loginLimiter";
import { handleErrors, parseWith } from "@/lib/http/apiRoute";
import { readJsonBody } from "@/lib/http/body";
import { requestMeta } from "@/lib/http/clientMeta";
import { toJsonText } from "@/lib/http/json";
import { getRuntime, runtimeService } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

/**
 * `POST /api/v1/auth/login` with `{"username","password"}` sets the session cookies. JSON only: a
 * cross-site HTML form cannot send it, which is what protects this one unauthenticated write.
 */
export function POST(request: Request): Promise<Response> {
  return handleErrors(async () => {
    const runtime = getRuntime();
    const input = parseWith(loginSchema, await readJsonBody(request, 16 * 1024), "body");
    const limiter = runtimeService("loginLimiter", () => new LoginLimiter());
    const result = await login(
      runtime.db.prisma,
      limiter,
      input,
      requestMeta(request),
      runtime.config.sessionHours,
    );
    const secure = wantsSecureCookies(runtime.config.secureCookies, request);
    const headers = new Headers({
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
    });
    for (const c of sessionCookies(
      result.session.secret,
      result.session.csrfToken,
      result.session.expiresAt,
      { secure },
    )) {
      headers.append("set-cookie", c);
    }
    const body = {
      user: result.user,
      csrfToken: result.session.csrfToken,
      expiresAt: result.session.expiresAt,
    };
    return new Response(toJsonText(body), { status: 200, headers });
  });
}
