import { expect } from "vitest";
import { type OtlpAddresses, otlpAddresses } from "../../lib/telemetry/testing/otlp-addresses";
import { ApiSession } from "./apiSession";
import { createTestDatabase, type TestDatabase } from "./testDatabase";
import { type StartedServer, startWeftServer } from "./weftProcess";

export interface ServerWithAdmin {
  t: TestDatabase;
  server: StartedServer;
  otlp: OtlpAddresses;
  api: ApiSession;
}

/** weft server on a fresh test database (with `env` on top), its OTLP addresses, an API session as admin. */
export async function startServerWithAdmin(env: Record<string, string> = {}): Promise<ServerWithAdmin> {
  const t = await createTestDatabase();
  const server = await startWeftServer({ DATABASE_URL: t.url, ...env });
  const otlp = otlpAddresses(server.process.output());
  const api = new ApiSession(server.url);
  expect((await api.login("admin", server.adminPassword)).status).toBe(200);
  return { t, server, otlp, api };
}
