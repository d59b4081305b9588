import { defineConfig } from "prisma/config";

// Only `prisma generate` runs on these machines (see docs/adr/0002); migrations are plain SQL applied by
// `weft migrate` / server start. The URL is read only by Prisma CLI commands that need a database.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/weft" },
});
