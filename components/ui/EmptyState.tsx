import type { ReactNode } from "react";

/** What will appear here and how to make it appear: every page's state before data arrives. */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="empty" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
