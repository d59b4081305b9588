import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, pendingMigrations } from "../../lib/db/migrate";
import { readMigrationFiles } from "../../lib/db/migrations";
import { readSchemaFields } from "../support/prismaSchema";
import { createTestDatabase, MIGRATIONS_DIR, type TestDatabase } from "../support/testDatabase";

describe("migrations on a real PostgreSQL", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
  });
  afterAll(() => t.drop());

  it("applies every migration once, from several clients at the same time, and records them", async () => {
    const clients = await Promise.all(
      [0, 1, 2].map(async () => {
        const c = new pg.Client({ connectionString: t.url });
        await c.connect();
        return c;
      }),
    );
    const results = await Promise.all(clients.map((c) => migrate(c, MIGRATIONS_DIR)));
    const files = await readMigrationFiles(MIGRATIONS_DIR);
    // Exactly one of the racing clients applied everything; the others found nothing pending.
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, files.length]);
    expect(await pendingMigrations(clients[0]!, MIGRATIONS_DIR)).toEqual([]);
    const recorded = await clients[0]!.query(
      "SELECT migration_name, checksum FROM _prisma_migrations ORDER BY 1",
    );
    expect(recorded.rows).toEqual(files.map((f) => ({ migration_name: f.name, checksum: f.checksum })));
    await Promise.all(clients.map((c) => c.end()));
  });

  it("matches schema.prisma: every model and field exists as a table and column of the right type", async () => {
    const columns = await t.db.pool.query<{
      table_name: string;
      column_name: string;
      udt_name: string;
      is_nullable: string;
    }>(
      "SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'",
    );
    const actual = new Map(columns.rows.map((c) => [`${c.table_name}.${c.column_name}`, c]));
    const typeFor: Record<string, string> = {
      String: "text",
      Boolean: "bool",
      Int: "int4",
      BigInt: "int8",
      DateTime: "timestamp",
      Json: "jsonb",
      Float: "float8",
    };
    const nativeFor: Record<string, string> = {
      Uuid: "uuid",
      VarChar: "varchar",
      Timestamptz: "timestamptz",
    };
    const fields = readSchemaFields(path.join(MIGRATIONS_DIR, "..", "schema.prisma"));
    expect(fields.length).toBeGreaterThan(10);
    const problems: string[] = [];
    for (const f of fields) {
      const found = actual.get(`${f.table}.${f.column}`);
      if (!found) {
        problems.push(`${f.model}.${f.field}: column ${f.table}.${f.column} is missing`);
        continue;
      }
      const expected = f.type.startsWith("enum:")
        ? f.type.slice(5)
        : f.nativeType
          ? (nativeFor[f.nativeType] ?? f.nativeType.toLowerCase())
          : typeFor[f.type];
      if (found.udt_name !== expected) {
        problems.push(
          `${f.model}.${f.field}: ${f.table}.${f.column} is ${found.udt_name}, schema says ${expected}`,
        );
      }
      if ((found.is_nullable === "YES") !== f.optional)
        problems.push(`${f.model}.${f.field}: nullability differs`);
    }
    expect(problems).toEqual([]);
  });

  it("refuses to run when an applied migration was edited", async () => {
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    const first = (await readMigrationFiles(MIGRATIONS_DIR))[0]!;
    await c.query("UPDATE _prisma_migrations SET checksum = 'edited' WHERE migration_name = $1", [
      first.name,
    ]);
    await expect(migrate(c, MIGRATIONS_DIR)).rejects.toThrow(/was changed after it was applied/);
    await c.query("UPDATE _prisma_migrations SET checksum = $1 WHERE migration_name = $2", [
      first.checksum,
      first.name,
    ]);
    await c.end();
  });

  it("keeps the audit trail append-only", async () => {
    await t.db.pool.query(
      "INSERT INTO audit_events (actor_type, actor_name, action, summary) VALUES ('system', 'test', 'x.test', 'row')",
    );
    await expect(t.db.pool.query("UPDATE audit_events SET summary = 'changed'")).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.pool.query("DELETE FROM audit_events")).rejects.toThrow(/append-only/);
    await expect(t.db.pool.query("TRUNCATE audit_events")).rejects.toThrow(/append-only/);
  });
});
