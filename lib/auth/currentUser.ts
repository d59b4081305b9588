import { cookies, headers } from "next/headers";
import { CLIENT_IP_HEADER } from "../http/clientMeta";
import { getRuntime } from "../server/runtime";
import type { Actor } from "./actor";
import { actorFromSession, SESSION_COOKIE } from "./sessions";

/** The signed-in user of a console page request, or null (pages then redirect to /login). */
export async function currentConsoleUser(): Promise<Actor | null> {
  const secret = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!secret) return null;
  const h = await headers();
  return actorFromSession(getRuntime().db.prisma, secret, {
    ip: h.get(CLIENT_IP_HEADER),
    userAgent: h.get("user-agent"),
  });
}
