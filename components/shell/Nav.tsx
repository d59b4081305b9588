"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { apiFetch } from "../queries/apiClient";
import { useCurrentUser } from "./currentUser";
import { ThemeToggle } from "./ThemeToggle";
import { useRangeQuery, withRange } from "./useRange";

// `keepsRange`: the page reads the console's time range, so links carry it along.
const LINKS = [
  { href: "/topology", label: "Topology", keepsRange: true },
  { href: "/services", label: "Services", keepsRange: true },
  { href: "/traces", label: "Traces", keepsRange: true },
  { href: "/policy", label: "Traffic policy", keepsRange: false },
  { href: "/proxies", label: "Proxies", keepsRange: true },
  { href: "/audit", label: "Audit", keepsRange: false },
  { href: "/users", label: "Users", keepsRange: false },
] as const;

export function Nav() {
  const pathname = usePathname();
  const user = useCurrentUser();
  const rangeQuery = useRangeQuery();

  async function logout() {
    await apiFetch("/api/v1/auth/logout", { method: "POST" }).catch(() => undefined);
    window.location.assign("/login");
  }

  return (
    <nav className="nav" aria-label="Main">
      <div className="brand">Weft</div>
      {LINKS.map((link) => (
        <Link
          key={link.href}
          href={link.keepsRange ? withRange(link.href, rangeQuery) : link.href}
          aria-current={pathname.startsWith(link.href) ? "page" : undefined}
        >
          {link.label}
        </Link>
      ))}
      <div className="spacer" />
      <ThemeToggle />
      <div className="who" data-testid="current-user">
        {user.name} · {user.role}
      </div>
      <button type="button" className="secondary" onClick={logout}>
        Log out
      </button>
    </nav>
  );
}
