/** A lean entry for `weft proxy` alone (without the rest of the CLI): `npx tsx lib/proxy/cli/entry.ts …`. */
import { proxyCommand } from "./command";

process.exit(await proxyCommand(process.argv.slice(2)));
