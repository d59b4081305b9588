"use client";

import { type ChangeMarker, markersInRange } from "@/lib/console/markers";
import { useRevisions } from "../queries/mesh";

/** Config revisions made inside [fromMs, toMs], as chart markers (empty until revisions load). */
export function useChangeMarkers(
  fromMs: number,
  toMs: number,
  refetchInterval: number | false = false,
): ChangeMarker[] {
  const revisions = useRevisions(200, refetchInterval);
  return markersInRange(revisions.data?.revisions ?? [], fromMs, toMs);
}
