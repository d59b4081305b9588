import { ensureFirstAdmin } from "../auth/firstAdmin";
import type { ServerConfig } from "../config/serverConfig";
import { startTelemetryListeners } from "../telemetry/server";
import { startXdsListener } from "../xds/controlPlane/xdsListener";
import { startConsoleListener } from "./consoleListener";
import { openServerDatabase, type ServerDatabase } from "./database";
import type { Listener } from "./listener";
import { migrationsDir, repoRoot } from "./paths";
import { setRuntime, type WeftRuntime } from "./runtime";

export interface RunningServer {
  runtime: WeftRuntime;
  listeners: Listener[];
  stop(): Promise<void>;
}

/**
 * Starts everything `weft server` runs in one process: the database (embedded or external, migrated),
 * then each listener. Later listeners (OTLP, xDS) join the same list and the same shutdown path.
 */
export async function startServer(config: ServerConfig, log: (line: string) => void): Promise<RunningServer> {
  const database: ServerDatabase = await openServerDatabase(config, migrationsDir(), log);
  const runtime: WeftRuntime = {
    config,
    db: database.db,
    migrationsDir: migrationsDir(),
    startedAt: new Date(),
    services: new Map(),
  };
  setRuntime(runtime);
  const listeners: Listener[] = [];
  const stop = async () => {
    for (const listener of [...listeners].reverse()) {
      await listener
        .close()
        .catch((error: unknown) => log(`closing ${listener.name} failed: ${String(error)}`));
    }
    setRuntime(undefined);
    await database.stop();
  };
  try {
    const admin = await ensureFirstAdmin(database.db.prisma, config.adminPassword);
    listeners.push(await startConsoleListener(runtime, repoRoot()));
    listeners.push(await startXdsListener(runtime, log));
    listeners.push(...(await startTelemetryListeners(runtime, log)));
    log(`database: ${database.description}`);
    for (const listener of listeners) log(`${listener.name}: ${listener.address}`);
    const consoleUrl = listeners[0]?.address ?? "";
    if (admin.created && admin.generatedPassword) {
      log(`first start: log in at ${consoleUrl}/login as admin with password ${admin.generatedPassword}`);
      log("(shown once; set WEFT_ADMIN_PASSWORD before the first start to choose it)");
    } else if (admin.created) {
      log(`first start: log in at ${consoleUrl}/login as admin with the password from WEFT_ADMIN_PASSWORD`);
    } else {
      log(`log in at ${consoleUrl}/login`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { runtime, listeners, stop };
}
