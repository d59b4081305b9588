import { parseArgs } from "node:util";
import { ConfigError, loadServerConfig } from "../config/serverConfig";
import { migrateAt } from "../server/database";
import { startServer } from "../server/main";
import { migrationsDir, repoRoot } from "../server/paths";
import { CliError } from "./apiClient";
import { ensureConsoleBuild } from "./consoleBuild";
import {
  applyCommand,
  getCommand,
  historyCommand,
  MESH_USAGE,
  type MeshCommandContext,
  rollbackCommand,
} from "./meshCommands";

const USAGE = `usage: weft <command>

commands:
  server    start the control plane and console (embedded PostgreSQL unless DATABASE_URL is set)
  migrate   apply pending database migrations to DATABASE_URL (or the embedded database) and exit
  proxy     run the sidecar: weft proxy --service <name> --app <host:port> (see weft proxy --help)
  demo      start the server, a six-service shop with sidecars and load (see weft demo --help)
${MESH_USAGE}

Configuration is by environment variable; see README.md (PORT, WEFT_DATA_DIR, DATABASE_URL, ...).`;

const log = (line: string) => console.log(`weft: ${line}`);

/** Exit codes: 0 ok, 1 runtime failure, 2 bad usage or configuration. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  try {
    switch (command) {
      case "server":
        return await serverCommand(rest);
      case "migrate":
        return await migrateCommand(rest);
      case "proxy":
        return await (await import("../proxy/cli/command")).proxyCommand(rest);
      case "demo":
        return await (await import("../demo/command")).demoCommand(rest);
      case "apply":
        return await applyCommand(rest, meshContext());
      case "get":
        return await getCommand(rest, meshContext());
      case "history":
        return await historyCommand(rest, meshContext());
      case "rollback":
        return await rollbackCommand(rest, meshContext());
      default:
        console.error(`weft: unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof CliError) {
      console.error(`weft: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof ConfigError || error instanceof UsageError) {
      console.error(`weft: ${error.message}`);
      return 2;
    }
    console.error(`weft: ${(error as Error).message ?? String(error)}`);
    return 1;
  }
}

class UsageError extends Error {}

function meshContext(): MeshCommandContext {
  return {
    env: process.env,
    print: (text) => console.log(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
  };
}

function noArgs(command: string, args: string[]): void {
  try {
    const { values } = parseArgs({ args, options: { help: { type: "boolean", short: "h" } }, strict: true });
    if (values.help)
      throw new UsageError(`${command} takes no arguments; configure it with environment variables`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${command}: ${(error as Error).message}`);
  }
}

async function serverCommand(args: string[]): Promise<number> {
  noArgs("server", args);
  const config = loadServerConfig(process.env, process.cwd());
  await ensureConsoleBuild(repoRoot(), log);
  const server = await startServer(config, log);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        log(`${signal} again: exiting now`);
        process.exit(130);
      }
      stopping = true;
      log(`${signal}: shutting down…`);
      server.stop().then(resolve, (error: unknown) => {
        console.error(`weft: shutdown failed: ${String(error)}`);
        resolve();
      });
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
  log("stopped");
  return 0;
}

async function migrateCommand(args: string[]): Promise<number> {
  noArgs("migrate", args);
  const config = loadServerConfig(process.env, process.cwd());
  if (config.databaseUrl) {
    await migrateAt(config.databaseUrl, migrationsDir(), log);
  } else {
    const { startEmbeddedCluster } = await import("../db/embedded/cluster");
    const cluster = await startEmbeddedCluster(config.dataDir);
    try {
      await migrateAt(cluster.url, migrationsDir(), log);
    } finally {
      await cluster.stop();
    }
  }
  log("database is up to date");
  return 0;
}
