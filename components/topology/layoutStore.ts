"use client";

import type { SavedLayout } from "@/lib/console/graph/layoutSnapshot";

// Recent layouts in localStorage, so returning to a big topology shows it at once. A few entries only:
// each is some tens of kilobytes for 500 services.

const PREFIX = "weft-layout:";
const INDEX = "weft-layouts";
const KEEP = 6;

export function loadLayout(key: string): SavedLayout | null {
  try {
    const text = window.localStorage.getItem(PREFIX + key);
    return text ? (JSON.parse(text) as SavedLayout) : null;
  } catch {
    return null;
  }
}

export function saveLayout(layout: SavedLayout): void {
  try {
    const index = (JSON.parse(window.localStorage.getItem(INDEX) ?? "[]") as string[]).filter(
      (k) => k !== layout.key,
    );
    index.unshift(layout.key);
    for (const old of index.splice(KEEP)) window.localStorage.removeItem(PREFIX + old);
    window.localStorage.setItem(PREFIX + layout.key, JSON.stringify(layout));
    window.localStorage.setItem(INDEX, JSON.stringify(index));
  } catch {
    // Storage full or disabled: the layout is simply computed again next time.
  }
}
