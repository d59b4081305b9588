import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";

export type Db = PrismaClient;

export interface Database {
  /** Prisma for CRUD. */
  prisma: PrismaClient;
  /** node-postgres pool for hot paths (COPY, unnest batches, LISTEN/NOTIFY). */
  pool: pg.Pool;
  close(): Promise<void>;
}

/** One pool shared by Prisma (through the adapter) and by our own hot-path queries. */
export function openDatabase(connectionString: string, maxConnections = 20): Database {
  const pool = new pg.Pool({ connectionString, max: maxConnections, idleTimeoutMillis: 30_000 });
  // An idle client that loses its connection (PostgreSQL restart) must not crash the process.
  pool.on("error", () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
