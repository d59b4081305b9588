import path from "node:path";

/**
 * The repository root. `bin/weft.mjs` sets WEFT_ROOT so the CLI works from any working directory;
 * Next route handlers run with the root as their working directory.
 */
export function repoRoot(): string {
  return process.env.WEFT_ROOT ?? process.cwd();
}

export function migrationsDir(): string {
  return path.join(repoRoot(), "prisma", "migrations");
}
