import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "public"];
const FILES = ["next.config.ts", "package-lock.json", "tsconfig.json"];
const SKIP = new Set(["generated", "node_modules", "__golden__"]);

/**
 * `weft server` serves a production build of the console. It builds on first start and whenever the
 * sources changed since the last build (a fingerprint of paths, sizes and modification times).
 */
export async function ensureConsoleBuild(root: string, log: (line: string) => void): Promise<void> {
  // Test harnesses build once up front and then start many servers at the same time.
  if (process.env.WEFT_SKIP_CONSOLE_BUILD === "1") return;
  const fingerprint = await sourceFingerprint(root);
  const stamp = path.join(root, ".next", "weft-fingerprint");
  const built = await fs.readFile(stamp, "utf8").catch(() => "");
  const hasBuild = await fs.access(path.join(root, ".next", "BUILD_ID")).then(
    () => true,
    () => false,
  );
  if (hasBuild && built === fingerprint) return;
  log(
    hasBuild
      ? "sources changed; rebuilding the console…"
      : "building the console (first start, about a minute)…",
  );
  await runNextBuild(root);
  await fs.writeFile(stamp, fingerprint);
}

async function sourceFingerprint(root: string): Promise<string> {
  const hash = createHash("sha256");
  const visit = async (dir: string): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (SKIP.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await visit(full);
      else if (!/\.test\.tsx?$/.test(entry.name)) await add(full);
    }
  };
  const add = async (file: string) => {
    const stat = await fs.stat(file).catch(() => null);
    if (stat) hash.update(`${path.relative(root, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
  };
  for (const dir of SOURCES) await visit(path.join(root, dir));
  for (const file of FILES) await add(path.join(root, file));
  return hash.digest("hex");
}

function runNextBuild(root: string): Promise<void> {
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`console build failed (exit ${code}):\n${output.slice(-4000)}`)),
    );
  });
}
