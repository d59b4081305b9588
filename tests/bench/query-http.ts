// A few of the query benchmark's cases over real HTTP: a `weft server` on the seeded database, logged in
// like the console, so that the figures include routing, authentication, parameter parsing and JSON.

import fs from "node:fs/promises";
import path from "node:path";
import { ApiSession } from "../support/apiSession";
import { ROOT, startWeftServer } from "../support/weftProcess";
import type { Samples } from "./query-cases";
import { percentile } from "./query-stats";

export interface HttpFigures {
  name: string;
  runs: number;
  p50: number;
  p95: number;
}

const HOUR = 3_600_000;
const RUNS = 15;
const WARMUP = 2;

function paths(samples: Samples, pick: <T>(items: readonly T[]) => T): Array<[string, () => string]> {
  const range = (hours: number) =>
    `from=${new Date(samples.endMs - hours * HOUR).toISOString()}&to=${new Date(samples.endMs).toISOString()}`;
  const cases: Array<[string, () => string]> = [
    ["HTTP trace search, no filter, 1 h", () => `/api/v1/traces?${range(1)}&limit=50`],
    [
      "HTTP trace search, service, 24 h",
      () => `/api/v1/traces?${range(24)}&service=${encodeURIComponent(pick(samples.services))}&limit=50`,
    ],
    [
      "HTTP trace search, attr user.id, 24 h",
      () => `/api/v1/traces?${range(24)}&attr.user.id=${encodeURIComponent(pick(samples.userIds))}&limit=50`,
    ],
    ["HTTP trace by id", () => `/api/v1/traces/${pick(samples.traceIds)}`],
    ["HTTP topology, 1 h", () => `/api/v1/topology?${range(1)}`],
  ];
  if (samples.largeTraceIds.length > 0)
    cases.splice(4, 0, ["HTTP large trace by id", () => `/api/v1/traces/${pick(samples.largeTraceIds)}`]);
  return cases;
}

/**
 * True when a query file changed after the console was last built: the server answers from the build in
 * .next (the benchmark does not rebuild it), so its figures would be the older code's.
 */
export async function consoleBuildIsStale(): Promise<boolean> {
  const built = await fs.stat(path.join(ROOT, ".next", "weft-fingerprint")).catch(() => null);
  if (built === null) return true;
  for (const dir of ["lib/db/queries", "lib/telemetry/query"]) {
    for (const name of await fs.readdir(path.join(ROOT, dir))) {
      const { mtimeMs } = await fs.stat(path.join(ROOT, dir, name));
      if (mtimeMs > built.mtimeMs) return true;
    }
  }
  return false;
}

/** Starts a server on the database, runs each case WARMUP + RUNS times, stops it. */
export async function measureOverHttp(
  databaseUrl: string,
  samples: Samples,
  random: () => number,
): Promise<HttpFigures[]> {
  const server = await startWeftServer({
    DATABASE_URL: databaseUrl,
    WEFT_ADMIN_PASSWORD: "bench-query-admin",
  });
  try {
    const api = new ApiSession(server.url);
    const login = await api.login("admin", server.adminPassword);
    if (login.status !== 200) throw new Error(`login answered ${login.status}`);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const results: HttpFigures[] = [];
    for (const [name, path] of paths(samples, pick)) {
      const times: number[] = [];
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const t0 = performance.now();
        const response = await api.request("GET", path());
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${name}: ${response.status}`);
        if (i >= WARMUP) times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      results.push({ name, runs: times.length, p50: percentile(times, 50), p95: percentile(times, 95) });
    }
    return results;
  } finally {
    await server.stop();
  }
}
