#!/usr/bin/env node
// The `weft` command. Runs the TypeScript sources directly through tsx, so there is no separate
// compile step between `npm ci` and `npx weft ...`.
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
process.env.WEFT_ROOT ??= root;
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
register({ tsconfig: join(root, "tsconfig.json") });
if (process.argv[2] === "proxy") {
  // The sidecar alone, without the rest of the CLI (Next.js, Prisma): about 50 MB less resident memory.
  const { proxyCommand } = await import(pathToFileURL(join(root, "lib", "proxy", "cli", "command.ts")).href);
  process.exit(await proxyCommand(process.argv.slice(3)));
}
const { main } = await import(pathToFileURL(join(root, "lib", "cli", "main.ts")).href);
const code = await main(process.argv.slice(2));
process.exit(code);
