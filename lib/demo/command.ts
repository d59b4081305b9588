/**
 * `weft demo`: weft server in this process, the demo mesh config applied, every shop instance with its own
 * `weft proxy` as child processes, a load generator and a status line; Ctrl-C stops all of it.
 */
import path from "node:path";
import { proxyBundle } from "../../bin/proxy-bundle.mjs";
import { systemActor } from "../auth/actor";
import { ensureConsoleBuild } from "../cli/consoleBuild";
import { loadServerConfig } from "../config/serverConfig";
import { parseMeshConfig } from "../mesh/parse";
import { applyConfig } from "../mesh/store/changes";
import { SIDECAR_NODE_FLAGS } from "../proxy/cli/node-flags";
import { startServer } from "../server/main";
import { repoRoot } from "../server/paths";
import { type Child, startChild, stopChildren } from "./children";
import { type LoadGenerator, startLoad } from "./loadGenerator";
import { DEMO_USAGE, type DemoOptions, parseDemoOptions } from "./options";
import { waitUntilServing } from "./readiness";
import { instanceName, SHOP_INSTANCES, type ShopInstance } from "./shop";
import { DEMO_MESH_YAML } from "./shopMesh";

const log = (line: string) => console.log(`weft: ${line}`);
const STARTUP_TIMEOUT_MS = 60_000;
export const DEFAULT_DEMO_PASSWORD = "weft-demo";

export async function demoCommand(args: readonly string[]): Promise<number> {
  const parsed = parseDemoOptions(args);
  if (!parsed.ok) {
    if (parsed.help) {
      console.log(DEMO_USAGE);
      return 0;
    }
    for (const error of parsed.errors) console.error(`weft demo: ${error}`);
    return 2;
  }
  const env = demoEnv(process.env, parsed.options);
  const config = loadServerConfig(env, process.cwd());
  await ensureConsoleBuild(repoRoot(), log);
  const server = await startServer(config, log);
  const children: Child[] = [];
  let load: LoadGenerator | undefined;
  let status: NodeJS.Timeout | undefined;
  const stopAll = async () => {
    if (status) clearInterval(status);
    load?.stop();
    await stopChildren(children, 3000);
    await server.stop();
  };
  try {
    const address = (name: string) => server.listeners.find((l) => l.name === name)?.address ?? "";
    const consoleUrl = address("console");
    const otlp = address("otlp-http").replace("localhost", "127.0.0.1");
    const xds = address("xds");
    await applyDemoConfig(server.runtime.db.prisma);
    log("demo: mesh config applied (web, catalog, cart, pricing, reviews v1/v2/v3, ratings)");
    // The sidecars run as one bundled file, built once here (~30 MB less each than through tsx).
    const sidecar = await proxyBundle(repoRoot(), "lib/demo/sidecarEntry.ts");
    const started = await Promise.all(
      SHOP_INSTANCES.map((instance) =>
        startInstance(instance, { otlp, xds, sidecar, options: parsed.options }, children),
      ),
    );
    const serving = await waitUntilServing(
      started.map((entry) => entry.admin),
      Date.now() + STARTUP_TIMEOUT_MS,
    );
    if (!serving) log("demo: some sidecars are not serving every service yet; starting anyway");
    log(`demo: processes ${children.map((child) => child.process.pid).join(",")}`);
    const web = started.find((entry) => entry.instance.service === "web");
    if (web && parsed.options.loadRate > 0) load = startLoad(web.inbound, parsed.options.loadRate);
    log(`demo: web: http://${web?.inbound ?? "?"} (through its sidecar)`);
    log(`demo: console: ${consoleUrl} — log in as admin with ${passwordHint(process.env)}`);
    log("demo: ready; Ctrl-C stops every process");
    status = statusLine(children, () => load, parsed.options.statusMs);
  } catch (error) {
    await stopAll();
    throw error;
  }
  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(130);
      stopping = true;
      log(`${signal}: stopping the demo…`);
      stopAll().then(resolve, (error: unknown) => {
        console.error(`weft: demo shutdown failed: ${String(error)}`);
        resolve();
      });
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
  log("demo: stopped");
  return 0;
}

/** The server's environment for the demo: its own data dir and a known admin password unless set. */
export function demoEnv(base: Readonly<Env>, options: DemoOptions): Env {
  const env: Env = { ...base };
  env.WEFT_DATA_DIR ??= ".weft-demo";
  env.WEFT_ADMIN_PASSWORD ??= DEFAULT_DEMO_PASSWORD;
  if (options.port !== undefined) env.PORT = String(options.port);
  if (options.port === 0) {
    env.WEFT_OTLP_HTTP_PORT = "0";
    env.WEFT_OTLP_GRPC_PORT = "0";
    env.WEFT_XDS_PORT = "0";
  }
  return env;
}

type Env = Record<string, string | undefined>;

function passwordHint(env: Readonly<Env>): string {
  return env.WEFT_ADMIN_PASSWORD
    ? "the password in WEFT_ADMIN_PASSWORD (the one set when the database was first created)"
    : `password ${DEFAULT_DEMO_PASSWORD}`;
}

async function applyDemoConfig(prisma: Parameters<typeof applyConfig>[0]): Promise<void> {
  const parsed = parseMeshConfig(DEMO_MESH_YAML, "yaml");
  if (!parsed.ok) throw new Error(`demo mesh config is invalid: ${JSON.stringify(parsed.errors)}`);
  await applyConfig(prisma, systemActor("weft demo"), parsed.config, {
    message: "weft demo: starting config",
  });
}

interface Wiring {
  otlp: string;
  xds: string;
  /** The bundled sidecar entry (lib/demo/sidecarEntry.ts). */
  sidecar: string;
  options: DemoOptions;
}

/** The app first (it picks a free port), then its sidecar, then the app learns its sidecar's outbound port. */
async function startInstance(instance: ShopInstance, wiring: Wiring, children: Child[]) {
  const name = instanceName(instance);
  const root = repoRoot();
  const quiet = () => {};
  const interval = String(wiring.options.intervalMs);
  const app = startChild(
    name,
    [...tsx(root, "lib/demo/app/main.ts"), instance.service, instance.version, wiring.otlp, interval],
    childOptions(root),
    quiet,
  );
  children.push(app);
  const appPort = await app.waitFor(/^listening (\d+)/, STARTUP_TIMEOUT_MS);
  const proxy = startChild(
    `${name} sidecar`,
    [
      ...SIDECAR_NODE_FLAGS,
      wiring.sidecar,
      ...["--service", instance.service, "--labels", `version=${instance.version}`],
      ...["--app", `127.0.0.1:${appPort}`, "--xds", wiring.xds, "--otlp", wiring.otlp],
      ...["--inbound-port", "0", "--outbound-port", "0", "--admin-port", "0"],
      ...["--node-id", `demo-${name}`, "--export-interval-ms", interval, "--drain-ms", "500"],
    ],
    childOptions(root),
    quiet,
  );
  children.push(proxy);
  const inbound = await proxy.waitFor(/proxy inbound: (\S+)/, STARTUP_TIMEOUT_MS);
  const outbound = await proxy.waitFor(/proxy outbound: (\S+)/, STARTUP_TIMEOUT_MS);
  const admin = await proxy.waitFor(/proxy admin: (\S+)/, STARTUP_TIMEOUT_MS);
  app.process.stdin?.write(`outbound ${outbound}\n`);
  log(`demo: ${name} up (app 127.0.0.1:${appPort}, sidecar inbound ${inbound}, outbound ${outbound})`);
  return { instance, inbound, outbound, admin };
}

/** Node arguments that run a TypeScript file of this repository through tsx. */
function tsx(root: string, file: string): string[] {
  return ["--import", "tsx", path.join(root, file)];
}

/** Run from the repository root (where tsx resolves), with its tsconfig for the "@/" alias. */
function childOptions(root: string) {
  return { cwd: root, env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json") } };
}

function statusLine(children: readonly Child[], load: () => LoadGenerator | undefined, everyMs: number) {
  let last = { at: Date.now(), sent: 0, failed: 0 };
  return setInterval(() => {
    const up = children.filter((child) => child.alive()).length;
    const counts = load()?.counts() ?? { sent: 0, ok: 0, failed: 0 };
    const seconds = Math.max(0.001, (Date.now() - last.at) / 1000);
    const rate = (counts.sent - last.sent) / seconds;
    const failed = counts.failed - last.failed;
    const sent = counts.sent - last.sent;
    const errors = sent > 0 ? (100 * failed) / sent : 0;
    log(
      `demo: ${up}/${children.length} processes up, ${rate.toFixed(1)} req/s to web, ${errors.toFixed(1)}% 5xx`,
    );
    last = { at: Date.now(), sent: counts.sent, failed: counts.failed };
  }, everyMs);
}
