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
const { main } = await import(pathToFileURL(join(root, "lib", "cli", "main.ts")).href);
const code = await main(process.argv.slice(2));
process.exit(code);
