import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { findPostgresBinaries } from "./binaries";
import { type OsIdentity, postgresRunAs } from "./osUser";
import { letOthersTraverse } from "./traverse";

export interface EmbeddedCluster {
  /** Connection string of the `weft` database. */
  url: string;
  /** Connection string for an arbitrary database on the same cluster (tests create their own). */
  urlFor(database: string): string;
  port: number;
  /** Directories made passable for the `postgres` user (when running as root), to report. */
  opened: string[];
  stop(): Promise<void>;
}

interface ClusterCredentials {
  user: string;
  password: string;
}

const USER = "weft";

/**
 * Initialises (first time) and starts a PostgreSQL cluster in `<dataDir>/pg`, owned by this process:
 * stopped by `stop()` with a fast shutdown. A cluster left running by a killed predecessor is stopped and
 * restarted; one held by a live weft process is refused with a clear message.
 */
export async function startEmbeddedCluster(
  dataDir: string,
  database = "weft",
  /** A fixed port (tests that restart the cluster keep clients' URLs valid); default any free port. */
  port?: number,
): Promise<EmbeddedCluster> {
  await ensureWritableDir(dataDir);
  await takeLock(dataDir);
  try {
    return await startLocked(dataDir, database, port);
  } catch (error) {
    await releaseLock(dataDir);
    throw error;
  }
}

async function startLocked(dataDir: string, database: string, fixedPort?: number): Promise<EmbeddedCluster> {
  const pgDir = path.join(dataDir, "pg");
  const runAs = await postgresRunAs();
  const bins = findPostgresBinaries();
  const opened = runAs ? await letOthersTraverse([dataDir, path.dirname(bins.postgres)]) : [];
  const credentials = await loadOrCreateCredentials(dataDir);

  if (!(await exists(path.join(pgDir, "PG_VERSION")))) {
    await initCluster(bins.initdb, pgDir, credentials, runAs);
  } else {
    await stopOrphan(pgDir);
  }

  const port = fixedPort ?? (await freePort());
  const child = await launch(bins.postgres, pgDir, port, runAs, dataDir);
  const urlFor = (db: string) =>
    `postgresql://${USER}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${db}`;
  try {
    await waitUntilAccepting(urlFor("postgres"), child);
    await createDatabaseIfMissing(urlFor("postgres"), database);
  } catch (error) {
    await stopChild(child);
    throw error;
  }

  return {
    url: urlFor(database),
    urlFor,
    port,
    opened,
    async stop() {
      await stopChild(child);
      await releaseLock(dataDir);
    },
  };
}

async function ensureWritableDir(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.access(dir, fs.constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new Error(
      `data directory ${dir} is not writable (${code}); set WEFT_DATA_DIR to a writable folder`,
    );
  }
}

/** As root, the cluster runs as `postgres`, which must be able to pass through the data directory. */
async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** One weft process per data directory: a second one would fight over the cluster. */
async function takeLock(dataDir: string): Promise<void> {
  const lockFile = path.join(dataDir, "weft.pid");
  const previous = Number.parseInt(await fs.readFile(lockFile, "utf8").catch(() => ""), 10);
  if (previous && previous !== process.pid && isAlive(previous)) {
    throw new Error(`data directory ${dataDir} is in use by another weft process (pid ${previous})`);
  }
  await fs.writeFile(lockFile, String(process.pid));
}

async function releaseLock(dataDir: string): Promise<void> {
  await fs.rm(path.join(dataDir, "weft.pid"), { force: true });
}

/** A postmaster whose owning weft process died (SIGKILL) keeps running; shut it down before reuse. */
async function stopOrphan(pgDir: string): Promise<void> {
  const pidFile = await fs.readFile(path.join(pgDir, "postmaster.pid"), "utf8").catch(() => "");
  const pid = Number.parseInt(pidFile.split("\n")[0] ?? "", 10);
  if (!pid || !isAlive(pid)) return;
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 200 && isAlive(pid); i++) await sleep(50);
  if (isAlive(pid))
    throw new Error(`a PostgreSQL server (pid ${pid}) still runs on ${pgDir} and did not stop`);
}

async function loadOrCreateCredentials(dataDir: string): Promise<ClusterCredentials> {
  const file = path.join(dataDir, "postgres-credentials.json");
  const text = await fs.readFile(file, "utf8").catch(() => undefined);
  if (text) return JSON.parse(text) as ClusterCredentials;
  const credentials = { user: USER, password: randomBytes(18).toString("base64url") };
  await fs.writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

async function initCluster(
  initdb: string,
  pgDir: string,
  credentials: ClusterCredentials,
  runAs: OsIdentity | undefined,
): Promise<void> {
  await fs.rm(pgDir, { recursive: true, force: true });
  await fs.mkdir(pgDir, { recursive: true, mode: 0o700 });
  const pwDir = await fs.mkdtemp(path.join(os.tmpdir(), "weft-initdb-"));
  const pwFile = path.join(pwDir, "pwfile");
  await fs.writeFile(pwFile, `${credentials.password}\n`, { mode: 0o600 });
  if (runAs) {
    await fs.chown(pgDir, runAs.uid, runAs.gid);
    await fs.chown(pwDir, runAs.uid, runAs.gid);
    await fs.chown(pwFile, runAs.uid, runAs.gid);
  }
  try {
    await runToEnd(
      initdb,
      [
        `--pgdata=${pgDir}`,
        `--username=${credentials.user}`,
        `--pwfile=${pwFile}`,
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C",
        "--no-instructions",
      ],
      runAs,
    );
  } finally {
    await fs.rm(pwDir, { recursive: true, force: true });
  }
}

function runToEnd(command: string, args: string[], runAs: OsIdentity | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...runAs, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`initdb failed (exit ${code}): ${output.trim().slice(-800)}`)),
    );
  });
}

async function launch(
  postgres: string,
  pgDir: string,
  port: number,
  runAs: OsIdentity | undefined,
  dataDir: string,
): Promise<ChildProcess> {
  const log = createWriteStream(path.join(dataDir, "postgres.log"), { flags: "a" });
  const child = spawn(
    postgres,
    [
      "-D",
      pgDir,
      "-p",
      String(port),
      "-c",
      "listen_addresses=127.0.0.1",
      // No Unix socket: its path length limit breaks deep data directories, and we only use TCP.
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
    ],
    // Own process group: a terminal's Ctrl-C reaches weft only, which flushes its work before it stops
    // the database. A postmaster orphaned by a killed weft is stopped at the next start (stopOrphan).
    { ...runAs, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

async function waitUntilAccepting(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited)
      throw new Error("embedded PostgreSQL exited during start-up; see postgres.log in the data directory");
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await sleep(50);
    }
  }
  throw new Error("embedded PostgreSQL did not accept connections within 30 s; see postgres.log");
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGQUIT"), 15_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
    child.kill("SIGINT");
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
