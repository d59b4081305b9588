import { randomBytes } from "node:crypto";
import os from "node:os";
import { actorFromToken } from "@/lib/auth/tokens";
import { addRevisionListener } from "@/lib/mesh/store/revisionListeners";
import { type Listener, PortInUseError } from "@/lib/server/listener";
import { getRuntime, type WeftRuntime } from "@/lib/server/runtime";
import { startXdsServer } from "../server";
import { ControlPlane } from "./controlPlane";
import { type ControlPlaneSettings, DEFAULT_CONTROL_PLANE_SETTINGS } from "./settings";
import { xdsTokenAuthorizer } from "./xdsAuth";

const SERVICE_NAME = "xds.controlPlane";

/** The running control plane of this process, for API routes (undefined outside `weft server`). */
export function currentControlPlane(): ControlPlane | undefined {
  try {
    return getRuntime().services.get(SERVICE_NAME) as ControlPlane | undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts the xDS ADS server of `weft server` on WEFT_XDS_PORT, fed by the control plane (current revision
 * plus registry, kept in step through PostgreSQL notifications).
 */
export async function startXdsListener(
  runtime: WeftRuntime,
  log: (line: string) => void,
  overrides: Partial<ControlPlaneSettings> = {},
): Promise<Listener> {
  const settings: ControlPlaneSettings = {
    ...DEFAULT_CONTROL_PLANE_SETTINGS,
    endpointGraceMs: runtime.config.xdsEndpointGraceMs,
    ...overrides,
  };
  const replicaId = `${os.hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`.slice(-64);
  const controlPlane = new ControlPlane({
    pool: runtime.db.pool,
    replicaId,
    settings,
    log: (line) => log(line),
  });
  await controlPlane.start();
  const { host, xdsPort } = runtime.config;
  let server: Awaited<ReturnType<typeof startXdsServer>>;
  try {
    server = await startXdsServer({
      host,
      port: xdsPort,
      cache: controlPlane.cache,
      hooks: controlPlane.hooks(),
      onHookError: (hook, error) => log(`xds: hook ${hook} failed: ${String(error)}`),
      ...(runtime.config.xdsAuth === "token" && {
        authorize: xdsTokenAuthorizer(async (token) => {
          const actor = await actorFromToken(runtime.db.prisma, token, { ip: null, userAgent: null });
          return actor === null ? null : { role: actor.role };
        }),
      }),
    });
  } catch (error) {
    await controlPlane.close();
    throw new PortInUseError(
      `cannot listen for xDS on ${host}:${xdsPort} (${(error as Error).message}); set WEFT_XDS_PORT to another port (0 = any free port)`,
    );
  }
  runtime.services.set(SERVICE_NAME, controlPlane);
  if (runtime.config.xdsAuth === "token") log("xds streams require an API token (WEFT_XDS_AUTH=token)");
  const stopListening = addRevisionListener((number, config) => controlPlane.acceptRevision(number, config));
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    name: "xds",
    address: `${shownHost}:${server.port}`,
    async close() {
      runtime.services.delete(SERVICE_NAME);
      stopListening();
      await server.close();
      await controlPlane.close();
    },
  };
}
