/**
 * `weft proxy`: parse settings, start the sidecar, print its addresses, run until SIGINT/SIGTERM or the admin
 * endpoint's POST /quitquitquit.
 */
import { startProxy } from "../proxy";
import { parseProxyOptions, proxyUsage } from "./options";

export async function proxyCommand(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const parsed = parseProxyOptions(args, env);
  if (!parsed.ok) {
    if ("help" in parsed) {
      console.log(proxyUsage());
      return 0;
    }
    for (const error of parsed.errors) console.error(`weft proxy: ${error}`);
    console.error("weft proxy: run `weft proxy --help` for the settings");
    return 2;
  }
  const options = parsed.options;
  const log = (line: string) => console.log(`weft: proxy ${line}`);
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  try {
    proxy = await startProxy({ ...options, log });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { port?: number };
    if (e.code === "EADDRINUSE") {
      console.error(
        `weft proxy: port ${e.port ?? "?"} is already in use; choose others with --inbound-port, --outbound-port and --admin-port (0 picks a free port)`,
      );
      return 2;
    }
    throw error;
  }
  const labels = Object.entries(options.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  log(`inbound: ${proxy.inbound}`);
  log(`outbound: ${proxy.outbound}`);
  log(`admin: ${proxy.admin}`);
  log(
    `node ${options.nodeId}: service ${options.service}${labels ? ` (${labels})` : ""}, app ${options.app.host}:${options.app.port}, xDS ${options.xds}`,
  );
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (why: string) => {
      if (stopping) process.exit(130);
      stopping = true;
      log(`${why}: shutting down`);
      proxy.close(parsed.drainMs).then(resolve, resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    proxy.quitRequested.then(() => stop("POST /quitquitquit"));
  });
  log("stopped");
  return 0;
}
