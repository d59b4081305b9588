"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback } from "react";

/**
 * The page's URL parameters and a way to replace them in place. It uses the History API, which Next.js
 * keeps in sync with useSearchParams, so view state (range, selection, filters) changes without a
 * server round trip and without a new history entry.
 */
export function useUrlState() {
  const search = useSearchParams();
  const pathname = usePathname();
  const replace = useCallback(
    (query: string) => {
      window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
    },
    [pathname],
  );
  /** Sets (or, with "" or null, removes) some parameters and keeps the others. */
  const patch = useCallback(
    (changes: Record<string, string | null>) => {
      const params = new URLSearchParams(search.toString());
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === "") params.delete(key);
        else params.set(key, value);
      }
      replace(params.toString());
    },
    [search, replace],
  );
  return { search, replace, patch };
}
