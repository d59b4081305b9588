import type { Role } from "./roles";

/** Who is acting, as recorded in the audit trail. */
export interface Actor {
  type: "user" | "token" | "system";
  id: string | null;
  name: string;
  role: Role;
  ip: string | null;
  userAgent: string | null;
  /** Set for cookie sessions: the session row id and its CSRF token. */
  session?: { id: string; csrfToken: string };
}

export function systemActor(name = "system"): Actor {
  return { type: "system", id: null, name, role: "admin", ip: null, userAgent: null };
}
