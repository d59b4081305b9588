/**
 * `weft proxy` as a child of `weft demo`: the same command, plus it stops when its stdin closes, so a demo
 * that dies without cleaning up (SIGKILL, a crash) does not leave sidecars holding ports.
 */
import { proxyCommand } from "../proxy/cli/command";

process.stdin.on("end", () => process.kill(process.pid, "SIGTERM"));
process.stdin.on("error", () => process.kill(process.pid, "SIGTERM"));
process.stdin.resume();
process.exit(await proxyCommand(process.argv.slice(2)));
