import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ensureConsoleBuild } from "../../lib/cli/consoleBuild";
import { ROOT, runWeft, waitForOutput } from "../support/weftProcess";

export const E2E_ADMIN_PASSWORD = "e2e-admin-password";

/**
 * One real `weft server` on the embedded PostgreSQL in a fresh data directory (or DATABASE_URL when set),
 * on a free port. Its URL reaches the tests through the environment.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  await ensureConsoleBuild(ROOT, (line) => console.log(`[e2e] ${line}`));
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "weft-e2e-"));
  const server = runWeft(["server"], {
    WEFT_DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL,
    PORT: "0",
    WEFT_OTLP_HTTP_PORT: "0",
    WEFT_OTLP_GRPC_PORT: "0",
    WEFT_XDS_PORT: "0",
    WEFT_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
  });
  const [, url] = await waitForOutput(server, /console: (http:\/\/\S+)[\s\S]*log in at /, 180_000);
  process.env.WEFT_E2E_URL = url!.replace("localhost", "127.0.0.1");
  process.env.WEFT_E2E_ADMIN_PASSWORD = E2E_ADMIN_PASSWORD;
  return async () => {
    await server.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
}
