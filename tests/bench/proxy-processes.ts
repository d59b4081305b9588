/**
 * Process plumbing for the proxy benchmark: start children and wait for their banner lines, read a
 * process's CPU time and RSS from /proc, and run the load generators (wrk when installed, else
 * autocannon, for the maximum rate; tests/bench/proxy-load.ts for a fixed rate).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const CLOCK_TICKS = 100; // USER_HZ on Linux

export interface Child {
  readonly process: ChildProcess;
  readonly pid: number;
  /** Resolves with the first match of `pattern` in the child's output. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

export function startChild(
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Child {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const waiters: (() => void)[] = [];
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of [...waiters]) waiter();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  return {
    process: child,
    pid: child.pid ?? 0,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${command}: no ${pattern} in ${timeoutMs} ms:\n${output}`)),
          timeoutMs,
        );
        const check = () => {
          const match = output.match(pattern);
          if (!match) return;
          clearTimeout(timer);
          waiters.splice(waiters.indexOf(check), 1);
          resolve(match);
        };
        waiters.push(check);
        check();
      });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export function startTsx(script: string, args: readonly string[]): Child {
  return startChild(TSX, [script, ...args]);
}

/** User plus system CPU seconds a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * Anonymous memory (MB): the heap, stacks and buffers only this process has. RSS also counts the pages of
 * the node executable it touched (~38 MB for a sidecar), which every Node.js process on the machine shares.
 */
export function anonymousMb(pid: number): number {
  // From status, not smaps_rollup: walking the mappings every 200 ms stalls the proxy and shows in its p99.
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/RssAnon:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

export function hasWrk(): boolean {
  return spawnSync("wrk", ["--version"], { stdio: "ignore" }).error === undefined;
}

/** Maximum request rate with `connections` keep-alive connections for `seconds`. */
export async function maxRate(
  address: string,
  host: string,
  seconds: number,
  connections: number,
): Promise<number> {
  if (hasWrk()) {
    const out = await collect("wrk", [
      "-t1",
      `-c${connections}`,
      `-d${seconds}s`,
      "-H",
      `Host: ${host}`,
      `http://${address}/`,
    ]);
    const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
    if (!(rate > 0)) throw new Error(`wrk output not understood:\n${out}`);
    if (/Non-2xx or 3xx responses/.test(out)) throw new Error(`wrk saw errors:\n${out}`);
    return rate;
  }
  const out = await collect(path.join(ROOT, "node_modules/.bin/autocannon"), [
    "-j",
    "-c",
    String(connections),
    "-d",
    String(seconds),
    "-H",
    `host=${host}`,
    `http://${address}/`,
  ]);
  const result = JSON.parse(out) as { requests: { average: number }; non2xx: number };
  if (result.non2xx > 0) throw new Error(`autocannon saw ${result.non2xx} errors`);
  return result.requests.average;
}

export interface FixedRateResult {
  sent: number;
  ok: number;
  errors: number;
  rate: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Responses received over the whole run, warm-up included. */
  answered: number;
}

export async function fixedRate(
  address: string,
  host: string,
  rate: number,
  seconds: number,
): Promise<FixedRateResult> {
  const out = await collect(TSX, [
    path.join(ROOT, "tests/bench/proxy-load.ts"),
    address,
    host,
    String(rate),
    String(seconds),
    "32",
  ]);
  const line = out.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as FixedRateResult;
}

function collect(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}:\n${out}`)),
    );
  });
}
