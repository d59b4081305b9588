/**
 * The admin listener, with Envoy's paths where Weft has the same thing: /ready (initial configuration
 * received), /healthz (the process serves), /stats and /stats/prometheus (Prometheus text, the path Istio
 * scrapes), /config_dump, /clusters and /listeners (JSON), /server_info (state, uptime, node), and
 * POST /quitquitquit (drain and exit, what jobs call when their work is done).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface AdminHandlers {
  ready(): { ready: boolean; detail: string };
  stats(): string;
  configDump(): unknown;
  clusters(): unknown;
  listeners(): unknown;
  serverInfo(): unknown;
  /** Asked to shut down (POST /quitquitquit); called after the answer is sent. */
  quit(): void;
}

export interface AdminServer {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

const READ_ONLY = "/ready /healthz /stats /stats/prometheus /config_dump /clusters /listeners /server_info";
const ENDPOINTS = `admin endpoints: GET ${READ_ONLY}; POST /quitquitquit\n`;

export async function startAdminServer(
  host: string,
  port: number,
  handlers: AdminHandlers,
): Promise<AdminServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store", ...headers });
      res.end(body);
    };
    const json = (value: unknown) => send(200, "application/json", `${JSON.stringify(value, null, 2)}\n`);
    if (path === "/quitquitquit") {
      // A state change, so POST only (as Envoy): a stray GET from a browser or a crawler must not stop it.
      if (req.method !== "POST")
        return send(405, "text/plain", "use POST /quitquitquit\n", { allow: "POST" });
      res.on("finish", () => handlers.quit());
      return send(200, "text/plain", "OK\n");
    }
    if (req.method !== "GET" && req.method !== "HEAD")
      return send(405, "text/plain", `only GET for ${path}\n`, { allow: "GET, HEAD" });
    switch (path) {
      case "/ready": {
        const { ready, detail } = handlers.ready();
        return send(ready ? 200 : 503, "text/plain", `${ready ? "ready" : "not ready"}: ${detail}\n`);
      }
      case "/healthz":
        return send(200, "text/plain", "ok\n");
      case "/stats":
      case "/stats/prometheus":
        return send(200, "text/plain; version=0.0.4", handlers.stats());
      case "/config_dump":
        return json(handlers.configDump());
      case "/clusters":
        return json(handlers.clusters());
      case "/listeners":
        return json(handlers.listeners());
      case "/server_info":
        return json(handlers.serverInfo());
      default:
        return send(404, "text/plain", ENDPOINTS);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    host: address.address,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
