"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { type AuditFilters, useAuditEvents } from "../queries/audit";

const FILTER_NAMES = ["actor", "action", "target", "from", "to"] as const;

/** The audit trail with filters kept in the URL, so a filtered view can be shared as a link. */
export function AuditLog() {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const filters: AuditFilters = Object.fromEntries(
    FILTER_NAMES.map((name) => [name, search.get(name) ?? undefined]).filter(([, v]) => v),
  );
  const query = useAuditEvents(filters);
  const rows = query.data?.pages.flatMap((p) => p.events) ?? [];

  function apply(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const name of FILTER_NAMES) {
      const value = String(form.get(name) ?? "").trim();
      if (value) params.set(name, name === "from" || name === "to" ? new Date(value).toISOString() : value);
    }
    router.replace(`${pathname}?${params}`);
  }

  return (
    <div className="stack">
      <form className="row" onSubmit={apply} aria-label="Audit filters">
        <input name="actor" placeholder="actor" defaultValue={filters.actor} maxLength={128} />
        <input name="action" placeholder="action (e.g. user.)" defaultValue={filters.action} maxLength={64} />
        <input name="target" placeholder="target" defaultValue={filters.target} maxLength={256} />
        <label className="row">
          from <input name="from" type="datetime-local" />
        </label>
        <label className="row">
          to <input name="to" type="datetime-local" />
        </label>
        <button type="submit">Filter</button>
      </form>
      {query.isPending && <p className="muted">Loading audit trail…</p>}
      {query.isError && <p className="error">Could not load the audit trail: {query.error.message}</p>}
      {query.isSuccess && rows.length === 0 && (
        <p className="empty">
          No audit events match. Every change made through the console, API or CLI lands here.
        </p>
      )}
      {rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>Target</th>
              <th>Summary</th>
              <th>From</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>{new Date(row.at).toLocaleString()}</td>
                <td>{row.actorName}</td>
                <td>
                  <code>{row.action}</code>
                </td>
                <td>{row.target}</td>
                <td>{row.summary}</td>
                <td className="muted">{row.ip}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {query.hasNextPage && (
        <button
          type="button"
          className="secondary"
          onClick={() => query.fetchNextPage()}
          disabled={query.isFetchingNextPage}
        >
          Older events
        </button>
      )}
    </div>
  );
}
