import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "bin", "weft.mjs");

export interface WeftProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code; a signal death counts as 128 + signal number semantics (null → -1). */
  exited: Promise<number>;
  stop(signal?: NodeJS.Signals): Promise<number>;
}

/** Runs `weft <args>` as a real child process with the given environment additions. */
export function runWeft(args: string[], env: Record<string, string | undefined>): WeftProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    // The suite's global set-up already built the console; parallel servers must not rebuild it at once.
    env: { ...process.env, DATABASE_URL: undefined, WEFT_SKIP_CONSOLE_BUILD: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? -1)));
  return {
    child,
    output: () => output,
    exited,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Waits until the output matches, failing with the output so far if the process exits or time runs out. */
export async function waitForOutput(
  p: WeftProcess,
  pattern: RegExp,
  timeoutMs = 60_000,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = p.output().match(pattern);
    if (match) return match;
    if (p.child.exitCode !== null)
      throw new Error(`weft exited (${p.child.exitCode}) before ${pattern}:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${pattern}:\n${p.output()}`);
}

export interface StartedServer {
  process: WeftProcess;
  url: string;
  adminPassword: string;
  stop(): Promise<number>;
}

/** `weft server` on free ports against an existing database, with a known admin password. */
export async function startWeftServer(env: Record<string, string | undefined>): Promise<StartedServer> {
  const adminPassword = env.WEFT_ADMIN_PASSWORD ?? "admin-password-for-tests";
  const p = runWeft(["server"], {
    PORT: "0",
    WEFT_OTLP_HTTP_PORT: "0",
    WEFT_OTLP_GRPC_PORT: "0",
    WEFT_XDS_PORT: "0",
    WEFT_ADMIN_PASSWORD: adminPassword,
    ...env,
  });
  // "log in at" is the banner's last line: every listener has printed its address by then.
  await waitForOutput(p, /log in at /);
  const match = await waitForOutput(p, /console: (http:\/\/\S+)/);
  return {
    process: p,
    url: match[1]!.replace("localhost", "127.0.0.1"),
    adminPassword,
    stop: () => p.stop(),
  };
}
