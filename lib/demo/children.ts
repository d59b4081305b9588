/** Child processes of `weft demo`: started with piped output, their lines watched, all stopped together. */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface Child {
  name: string;
  process: ChildProcess;
  /** Resolves with the first capture group of the first output line that matches. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<string>;
  alive(): boolean;
  exited: Promise<void>;
}

export function startChild(
  name: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
  onLine: (line: string) => void,
): Child {
  const child = spawn(process.execPath, args, { ...options, stdio: ["pipe", "pipe", "pipe"] });
  const watchers: { pattern: RegExp; resolve: (value: string) => void }[] = [];
  const lines: string[] = [];
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const read = (line: string) => {
    lines.push(line);
    if (lines.length > 200) lines.shift();
    onLine(line);
    for (const watcher of [...watchers]) {
      const match = line.match(watcher.pattern);
      if (match) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve(match[1] ?? match[0]);
      }
    }
  };
  if (child.stdout) createInterface({ input: child.stdout }).on("line", read);
  if (child.stderr) createInterface({ input: child.stderr }).on("line", read);
  // A stopped demo closes stdin; an exited child must not crash the demo with EPIPE.
  child.stdin?.on("error", () => {});
  return {
    name,
    process: child,
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
    waitFor(pattern, timeoutMs) {
      const seen = lines.map((line) => line.match(pattern)).find(Boolean);
      if (seen) return Promise.resolve(seen[1] ?? seen[0]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`${name} did not print ${pattern} in ${timeoutMs} ms:\n${lines.join("\n")}`)),
          timeoutMs,
        );
        exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`${name} exited (${child.exitCode ?? child.signalCode}):\n${lines.join("\n")}`));
        });
        watchers.push({
          pattern,
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value);
          },
        });
      });
    },
  };
}

/** SIGTERM to each, then SIGKILL after the grace period; resolves when every one has exited. */
export async function stopChildren(children: readonly Child[], graceMs: number): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (!child.alive()) return;
      child.process.stdin?.end();
      child.process.kill("SIGTERM");
      const timer = setTimeout(() => child.process.kill("SIGKILL"), graceMs);
      await child.exited;
      clearTimeout(timer);
    }),
  );
}
