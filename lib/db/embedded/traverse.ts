import fs from "node:fs/promises";
import path from "node:path";

/**
 * When weft runs as root, PostgreSQL runs as the `postgres` user, which must be able to pass through every
 * directory above its binaries and its data (a clone in /root or in a `mktemp -d` directory is behind a
 * 0700 directory). Adds the execute (pass-through, not list) bit for others where it is missing, from the
 * root down, and returns the directories it changed so the caller can say so.
 */
export async function letOthersTraverse(targets: readonly string[]): Promise<string[]> {
  const changed: string[] = [];
  const seen = new Set<string>();
  for (const target of targets) {
    for (const dir of ancestorsAndSelf(path.resolve(target))) {
      if (seen.has(dir)) continue;
      seen.add(dir);
      const { mode } = await fs.stat(dir);
      if ((mode & 0o001) !== 0) continue;
      await fs.chmod(dir, (mode & 0o7777) | 0o011);
      changed.push(dir);
    }
  }
  return changed;
}

/** `/a/b/c` → `/`, `/a`, `/a/b`, `/a/b/c`. */
export function ancestorsAndSelf(dir: string): string[] {
  const chain: string[] = [];
  for (let current = dir; ; current = path.dirname(current)) {
    chain.unshift(current);
    if (path.dirname(current) === current) return chain;
  }
}
