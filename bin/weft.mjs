#!/usr/bin/env node
// The `weft` command. Runs the TypeScript sources directly through tsx, so there is no separate
// compile step between `npm ci` and `npx weft ...`.
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
process.env.WEFT_ROOT ??= root;
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
if (process.argv[2] === "proxy") {
  // The sidecar alone, bundled, without tsx or the rest of the CLI: ~70 MB resident instead of ~160 MB.
  const { proxyBundle } = await import("./proxy-bundle.mjs");
  const bundle = await proxyBundle(root);
  process.argv.splice(1, 2, bundle);
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: join(root, "tsconfig.json") });
  const { main } = await import(pathToFileURL(join(root, "lib", "cli", "main.ts")).href);
  process.exit(await main(process.argv.slice(2)));
}
