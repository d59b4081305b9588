import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

export interface MigrationFile {
  name: string;
  sql: string;
  /** SHA-256 of the file, as Prisma records it, so `prisma migrate deploy` sees the same history. */
  checksum: string;
}

const NAME = /^\d{14}_[a-z0-9_]+$/;

/** Reads `prisma/migrations/<timestamp>_<name>/migration.sql` in name (= time) order. */
export async function readMigrationFiles(migrationsDir: string): Promise<MigrationFile[]> {
  const entries = await fs.readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory() && NAME.test(e.name))
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await fs.readFile(path.join(migrationsDir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

export interface AppliedMigration {
  name: string;
  checksum: string;
}

export type MigrationPlan = { ok: true; pending: MigrationFile[] } | { ok: false; problem: string };

/** Decides what to apply; refuses when history was edited or the database is ahead of this code. */
export function planMigrations(files: MigrationFile[], applied: AppliedMigration[]): MigrationPlan {
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const done of applied) {
    const file = byName.get(done.name);
    if (!file) {
      return {
        ok: false,
        problem: `the database has migration ${done.name}, which this version of weft does not know (is it older than the database?)`,
      };
    }
    if (file.checksum !== done.checksum) {
      return {
        ok: false,
        problem: `migration ${done.name} was changed after it was applied (checksum differs)`,
      };
    }
  }
  const appliedNames = new Set(applied.map((a) => a.name));
  return { ok: true, pending: files.filter((f) => !appliedNames.has(f.name)) };
}
