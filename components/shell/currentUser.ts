"use client";

import { createContext, useContext } from "react";
import type { Role } from "@/lib/auth/roles";

export interface CurrentUser {
  name: string;
  role: Role;
}

export const CurrentUserContext = createContext<CurrentUser>({ name: "", role: "viewer" });

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export function useCurrentUser(): CurrentUser & { can: (role: Role) => boolean } {
  const user = useContext(CurrentUserContext);
  return { ...user, can: (role) => RANK[user.role] >= RANK[role] };
}
