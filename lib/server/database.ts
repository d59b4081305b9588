import pg from "pg";
import type { ServerConfig } from "../config/serverConfig";
import { type Database, openDatabase } from "../db/client";
import { type EmbeddedCluster, startEmbeddedCluster } from "../db/embedded/cluster";
import { migrate } from "../db/migrate";

export interface ServerDatabase {
  db: Database;
  /** Where we are connected, password hidden, for the start-up banner. */
  description: string;
  stop(): Promise<void>;
}

/** `DATABASE_URL` when set; otherwise the embedded cluster in the data directory. Migrates either way. */
export async function openServerDatabase(
  config: ServerConfig,
  migrationsDir: string,
  log: (line: string) => void,
): Promise<ServerDatabase> {
  let cluster: EmbeddedCluster | undefined;
  let url = config.databaseUrl;
  if (!url) {
    cluster = await startEmbeddedCluster(config.dataDir);
    url = cluster.url;
    for (const dir of cluster.opened)
      log(`embedded PostgreSQL runs as the postgres user: let others pass through ${dir} (added o+x)`);
  }
  try {
    await migrateAt(url, migrationsDir, log);
  } catch (error) {
    await cluster?.stop();
    throw error;
  }
  const db = openDatabase(url);
  return {
    db,
    description: cluster
      ? `embedded PostgreSQL in ${config.dataDir} (127.0.0.1:${cluster.port})`
      : `PostgreSQL at ${redactUrl(url)}`,
    async stop() {
      await db.close().catch(() => undefined);
      await cluster?.stop();
    },
  };
}

export async function migrateAt(
  url: string,
  migrationsDir: string,
  log: (line: string) => void,
): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot reach the database at ${redactUrl(url)}: ${(error as Error).message}`);
  }
  try {
    const result = await migrate(client, migrationsDir);
    if (result.applied.length > 0)
      log(`applied ${result.applied.length} migration(s): ${result.applied.join(", ")}`);
  } finally {
    await client.end();
  }
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}
