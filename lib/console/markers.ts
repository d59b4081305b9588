/**
 * Config revisions as change markers on time charts and in the graph's side panel: every revision made
 * inside the visible window, linking to its diff.
 */

export interface RevisionSummary {
  number: number;
  /** RFC 3339, or null for revision 0 (the empty mesh). */
  createdAt: string | null;
  author: string;
  message: string;
  summary: string[];
}

export interface ChangeMarker {
  revision: number;
  atMs: number;
  /** One line for a tooltip: "r7 by alice: shift reviews to v2". */
  label: string;
  href: string;
}

export function revisionHref(revision: number): string {
  return `/policy?tab=history&revision=${revision}`;
}

/** Markers for revisions inside [fromMs, toMs], oldest first. */
export function markersInRange(
  revisions: readonly RevisionSummary[],
  fromMs: number,
  toMs: number,
): ChangeMarker[] {
  const out: ChangeMarker[] = [];
  for (const revision of revisions) {
    if (revision.createdAt === null) continue;
    const atMs = Date.parse(revision.createdAt);
    if (!Number.isFinite(atMs) || atMs < fromMs || atMs > toMs) continue;
    const what = revision.message || revision.summary.join("; ") || "config change";
    out.push({
      revision: revision.number,
      atMs,
      label: `r${revision.number}${revision.author ? ` by ${revision.author}` : ""}: ${what}`,
      href: revisionHref(revision.number),
    });
  }
  return out.sort((a, b) => a.atMs - b.atMs || a.revision - b.revision);
}

/** Markers that touch one service (by the diff summary's "service: …" lines), for per-service panels. */
export function markersForService(
  markers: readonly ChangeMarker[],
  revisions: readonly RevisionSummary[],
  service: string,
): ChangeMarker[] {
  const touching = new Set(
    revisions
      .filter((revision) => revision.summary.some((line) => line.startsWith(`${service}:`)))
      .map((revision) => revision.number),
  );
  return markers.filter((marker) => touching.has(marker.revision));
}
