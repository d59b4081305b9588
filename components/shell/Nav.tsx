"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { apiFetch } from "../queries/apiClient";
import { useCurrentUser } from "./currentUser";
import { ThemeToggle } from "./ThemeToggle";

const LINKS = [
  { href: "/topology", label: "Topology" },
  { href: "/services", label: "Services" },
  { href: "/traces", label: "Traces" },
  { href: "/policy", label: "Traffic policy" },
  { href: "/proxies", label: "Proxies" },
  { href: "/audit", label: "Audit" },
  { href: "/users", label: "Users" },
] as const;

export function Nav() {
  const pathname = usePathname();
  const user = useCurrentUser();

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
          href={link.href}
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
