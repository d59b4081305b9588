import { CSRF_COOKIE, SESSION_COOKIE } from "./sessions";

export interface CookieOptions {
  secure: boolean;
}

/** Decides the Secure attribute: forced on/off by WEFT_SECURE_COOKIES, else on when served over HTTPS. */
export function wantsSecureCookies(setting: "auto" | "true" | "false", request: Request): boolean {
  if (setting !== "auto") return setting === "true";
  return new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
}

function cookie(name: string, value: string, attrs: string[]): string {
  return [`${name}=${encodeURIComponent(value)}`, "Path=/", ...attrs].join("; ");
}

/** The session secret is HttpOnly; the CSRF token is readable by the console's script, which echoes it. */
export function sessionCookies(
  secret: string,
  csrfToken: string,
  expiresAt: Date,
  o: CookieOptions,
): string[] {
  const common = [`Expires=${expiresAt.toUTCString()}`, ...(o.secure ? ["Secure"] : [])];
  return [
    cookie(SESSION_COOKIE, secret, ["HttpOnly", "SameSite=Lax", ...common]),
    cookie(CSRF_COOKIE, csrfToken, ["SameSite=Strict", ...common]),
  ];
}

export function clearedSessionCookies(o: CookieOptions): string[] {
  const common = ["Max-Age=0", ...(o.secure ? ["Secure"] : [])];
  return [
    cookie(SESSION_COOKIE, "", ["HttpOnly", "SameSite=Lax", ...common]),
    cookie(CSRF_COOKIE, "", ["SameSite=Strict", ...common]),
  ];
}
