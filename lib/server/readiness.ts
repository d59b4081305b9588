import { pendingMigrations } from "../db/migrate";
import type { WeftRuntime } from "./runtime";

export interface Readiness {
  ready: boolean;
  checks: { database: "ok" | string; migrations: "ok" | string };
}

/** Ready when the database answers and every migration shipped with this version is applied. */
export async function checkReadiness(runtime: WeftRuntime): Promise<Readiness> {
  let database = "ok";
  let migrations = "ok";
  const client = await runtime.db.pool.connect().catch((error: Error) => {
    database = `unreachable: ${error.message}`;
    return null;
  });
  if (client) {
    try {
      const pending = await pendingMigrations(client, runtime.migrationsDir);
      if (pending.length > 0) migrations = `pending: ${pending.join(", ")}`;
    } catch (error) {
      migrations = (error as Error).message;
    } finally {
      client.release();
    }
  } else {
    migrations = "unknown (database unreachable)";
  }
  return { ready: database === "ok" && migrations === "ok", checks: { database, migrations } };
}
