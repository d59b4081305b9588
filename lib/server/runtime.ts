import type { ServerConfig } from "../config/serverConfig";
import type { Database } from "../db/client";

/**
 * What the `weft server` process shares between its listeners and the Next.js route handlers.
 *
 * Next bundles route handlers separately from the custom server, so a module-level singleton would exist
 * twice; the runtime therefore lives on globalThis, set once by the server before Next starts
 * (docs/adr/0001-one-process-custom-server.md).
 */
export interface WeftRuntime {
  config: ServerConfig;
  db: Database;
  migrationsDir: string;
  startedAt: Date;
  /** Process-wide state of other concerns (login limiter, ingest queue, xDS cache...), keyed by name. */
  services: Map<string, unknown>;
}

const KEY = Symbol.for("weft.runtime");
type RuntimeHolder = { [KEY]?: WeftRuntime };

export function setRuntime(runtime: WeftRuntime | undefined): void {
  (globalThis as RuntimeHolder)[KEY] = runtime;
}

export function getRuntime(): WeftRuntime {
  const runtime = (globalThis as RuntimeHolder)[KEY];
  if (!runtime) throw new Error("weft runtime is not initialised: start the console with `weft server`");
  return runtime;
}

/** A process-wide singleton of one concern, created on first use. */
export function runtimeService<T>(name: string, create: (runtime: WeftRuntime) => T): T {
  const runtime = getRuntime();
  if (!runtime.services.has(name)) runtime.services.set(name, create(runtime));
  return runtime.services.get(name) as T;
}
