import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { Nav } from "@/components/shell/Nav";
import { Providers } from "@/components/shell/Providers";
import { currentConsoleUser } from "@/lib/auth/currentUser";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const actor = await currentConsoleUser();
  if (!actor) redirect("/login");
  return (
    <Providers user={{ name: actor.name, role: actor.role }}>
      <div className="shell">
        <Nav />
        <main className="main">{children}</main>
      </div>
    </Providers>
  );
}
