import { createServer } from "node:http";
import next from "next";
import { CLIENT_IP_HEADER } from "../http/clientMeta";
import { closeHttpServer, type Listener, listenOn } from "./listener";
import type { WeftRuntime } from "./runtime";

/** The Next.js console and JSON API (and OTLP/HTTP on the same port) behind one node:http server. */
export async function startConsoleListener(runtime: WeftRuntime, rootDir: string): Promise<Listener> {
  const { host, consolePort } = runtime.config;
  const app = next({ dev: false, dir: rootDir, hostname: host, port: consolePort, quiet: true });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => {
    // The only trustworthy client address is the socket's; never forward what the client claims.
    req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? "unknown";
    handle(req, res).catch((error: unknown) => {
      console.error("console request failed:", error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 120_000;
  const port = await listenOn(server, consolePort, host, "PORT");
  const shownHost = host === "0.0.0.0" || host === "127.0.0.1" ? "localhost" : host;
  return {
    name: "console",
    address: `http://${shownHost}:${port}`,
    close: () => closeHttpServer(server),
  };
}
