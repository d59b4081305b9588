import { randomUUID } from "node:crypto";
import type pg from "pg";
import { type AppliedMigration, type MigrationFile, planMigrations, readMigrationFiles } from "./migrations";

// Any constant works; it only has to be the same for every replica of weft on one database.
const MIGRATION_LOCK_KEY = 7_315_904_211;

// Prisma's own history table, so a machine with Prisma's schema engine can run `prisma migrate status`
// or `deploy` on the same database and agree with us (docs/adr/0002-migrations.md).
const HISTORY_DDL = `
CREATE TABLE IF NOT EXISTS _prisma_migrations (
  id                  varchar(36) PRIMARY KEY,
  checksum            varchar(64) NOT NULL,
  finished_at         timestamptz,
  migration_name      varchar(255) NOT NULL,
  logs                text,
  rolled_back_at      timestamptz,
  started_at          timestamptz NOT NULL DEFAULT now(),
  applied_steps_count integer NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {}

export interface MigrateResult {
  applied: string[];
  total: number;
}

/** Applies pending migrations, each in its own transaction, under an advisory lock held for the run. */
export async function migrate(client: pg.ClientBase, migrationsDir: string): Promise<MigrateResult> {
  const files = await readMigrationFiles(migrationsDir);
  await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
  try {
    await client.query(HISTORY_DDL);
    const plan = planMigrations(files, await appliedMigrations(client));
    if (!plan.ok) throw new MigrationError(plan.problem);
    for (const file of plan.pending) await applyOne(client, file);
    return { applied: plan.pending.map((f) => f.name), total: files.length };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
  }
}

/** Pending migration names, without applying anything (for /api/v1/ready). */
export async function pendingMigrations(client: pg.ClientBase, migrationsDir: string): Promise<string[]> {
  const files = await readMigrationFiles(migrationsDir);
  const exists = await client.query("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present");
  const applied = exists.rows[0]?.present ? await appliedMigrations(client) : [];
  const plan = planMigrations(files, applied);
  if (!plan.ok) throw new MigrationError(plan.problem);
  return plan.pending.map((f) => f.name);
}

async function appliedMigrations(client: pg.ClientBase): Promise<AppliedMigration[]> {
  const result = await client.query<AppliedMigration>(
    `SELECT migration_name AS name, checksum FROM _prisma_migrations
     WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return result.rows;
}

async function applyOne(client: pg.ClientBase, file: MigrationFile): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query(file.sql);
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count)
       VALUES ($1, $2, now(), $3, 1)`,
      [randomUUID(), file.checksum, file.name],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw new MigrationError(`migration ${file.name} failed: ${(error as Error).message}`);
  }
}
