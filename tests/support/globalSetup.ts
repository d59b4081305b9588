import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ensureConsoleBuild } from "../../lib/cli/consoleBuild";
import { type EmbeddedCluster, startEmbeddedCluster } from "../../lib/db/embedded/cluster";

declare module "vitest" {
  export interface ProvidedContext {
    /** A URL to a database on the test PostgreSQL from which tests create their own databases. */
    pgAdminUrl: string;
  }
}

/**
 * Integration tests run against a real PostgreSQL: DATABASE_URL when set (CI runs the suite once more
 * against Debian's PostgreSQL 15), otherwise one embedded cluster for the whole run. Each test file
 * creates its own database on it. The console is built first for tests that start `weft server`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = path.resolve(import.meta.dirname, "../..");
  await ensureConsoleBuild(root, (line) => console.log(`[setup] ${line}`));
  let cluster: EmbeddedCluster | undefined;
  let dataDir: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "weft-test-pg-"));
    cluster = await startEmbeddedCluster(dataDir, "weft_tests");
    adminUrl = cluster.url;
  }
  project.provide("pgAdminUrl", adminUrl);
  return async () => {
    await cluster?.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  };
}
