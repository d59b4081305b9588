// The query benchmark's percentiles (pure) and its printed table.

export interface Figures {
  runs: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  meanItems: number;
}

export function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[index]! * 10) / 10;
}

export function figures(times: number[], items: number[]): Figures {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    runs: times.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: percentile(sorted, 100),
    meanItems: Math.round(items.reduce((s, n) => s + n, 0) / Math.max(1, items.length)),
  };
}

/**
 * Percentiles over every run of a group's cases, each case weighing the same however many runs it made
 * (slow cases stop earlier; counting runs would hide them).
 */
export function groupFigures(cases: Array<{ times: number[] }>): Figures {
  const weighted = cases
    .flatMap((c) => c.times.map((time) => ({ time, weight: 1 / (c.times.length * cases.length) })))
    .sort((a, b) => a.time - b.time);
  const at = (p: number) => {
    let sum = 0;
    for (const entry of weighted) {
      sum += entry.weight;
      if (sum >= p / 100 - 1e-9) return Math.round(entry.time * 10) / 10;
    }
    return Math.round((weighted[weighted.length - 1]?.time ?? 0) * 10) / 10;
  };
  return { runs: weighted.length, p50: at(50), p95: at(95), p99: at(99), max: at(100), meanItems: 0 };
}

export function printTable(rows: Array<{ name: string; group: string; figures: Figures }>): void {
  const header = `${"query".padEnd(44)} ${"runs".padStart(5)} ${"p50 ms".padStart(9)} ${"p95 ms".padStart(9)} ${"p99 ms".padStart(9)} ${"max ms".padStart(9)}  items`;
  console.log(`\n${header}\n${"-".repeat(header.length)}`);
  for (const row of rows) {
    const f = row.figures;
    console.log(
      `${row.name.padEnd(44)} ${String(f.runs).padStart(5)} ${String(f.p50).padStart(9)} ${String(f.p95).padStart(9)} ` +
        `${String(f.p99).padStart(9)} ${String(f.max).padStart(9)}  ${f.meanItems}`,
    );
  }
}
