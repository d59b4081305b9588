"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import {
  type RangeParams,
  readRangeParams,
  refreshIntervalMs,
  resolveRange,
  writeRangeParams,
} from "@/lib/console/timeRange";
import { useUrlState } from "./useUrlState";

/**
 * The console-wide time range and refresh, read from and written to the URL, so that every page and
 * every shared link agrees on them. `problem` is set when the URL holds an impossible range.
 */
export function useRange() {
  const { search, replace } = useUrlState();
  const params = readRangeParams(search);
  const searchText = search.toString();
  const setRange = useCallback(
    (patch: Partial<RangeParams>) => {
      replace(writeRangeParams(searchText, patch));
    },
    [replace, searchText],
  );
  // Checked against the clock when the URL changes; relative ranges stay valid as time passes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: recomputed only when the written range changes
  const problem = useMemo(() => {
    const resolved = resolveRange(params, Date.now());
    return resolved.ok ? null : resolved.message;
  }, [params.from, params.to]);
  return {
    ...params,
    range: { from: params.from, to: params.to },
    refetchInterval: refreshIntervalMs(params),
    problem,
    setRange,
  };
}

/** The range parameters of the current URL, to carry them over in links to other console pages. */
export function useRangeQuery(): string {
  const search = useSearchParams();
  const kept = new URLSearchParams();
  for (const name of ["from", "to", "refresh", "paused"]) {
    const value = search.get(name);
    if (value) kept.set(name, value);
  }
  return kept.toString();
}

/** A console link that keeps the current time range: `withRange("/services/cart", query)`. */
export function withRange(href: string, rangeQuery: string): string {
  if (!rangeQuery) return href;
  return `${href}${href.includes("?") ? "&" : "?"}${rangeQuery}`;
}
