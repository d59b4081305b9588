export type SortDirection = "asc" | "desc";

export interface SortState<K extends string> {
  key: K;
  direction: SortDirection;
}

/**
 * Sorts a copy of `rows` by one column. Missing values (null, undefined, NaN) always sort last, whatever
 * the direction, so "no data" never crowds out the worst offenders. Ties keep their original order.
 */
export function sortRows<R, K extends string>(
  rows: readonly R[],
  sort: SortState<K>,
  cellValue: (row: R, key: K) => number | string | null | undefined,
): R[] {
  const sign = sort.direction === "asc" ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, value: cellValue(row, sort.key) }))
    .sort((a, b) => {
      const aMissing = isMissing(a.value);
      const bMissing = isMissing(b.value);
      if (aMissing || bMissing) return aMissing === bMissing ? a.index - b.index : aMissing ? 1 : -1;
      const order =
        typeof a.value === "number" && typeof b.value === "number"
          ? a.value - b.value
          : String(a.value).localeCompare(String(b.value));
      return order * sign || a.index - b.index;
    })
    .map((entry) => entry.row);
}

function isMissing(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "number" && Number.isNaN(value));
}

/** Clicking a column: a new column starts descending (numbers: worst first); the same column flips. */
export function nextSort<K extends string>(
  current: SortState<K>,
  key: K,
  firstDirection: SortDirection = "desc",
): SortState<K> {
  if (current.key !== key) return { key, direction: firstDirection };
  return { key, direction: current.direction === "asc" ? "desc" : "asc" };
}
