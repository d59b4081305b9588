/**
 * The admin listener: /ready (initial configuration received), /healthz (the process serves), /stats
 * (Prometheus text), /config_dump (JSON) and /clusters (JSON, endpoints with their health).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface AdminHandlers {
  ready(): { ready: boolean; detail: string };
  stats(): string;
  configDump(): unknown;
  clusters(): unknown;
}

export interface AdminServer {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startAdminServer(
  host: string,
  port: number,
  handlers: AdminHandlers,
): Promise<AdminServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "text/plain", "only GET\n");
    switch (path) {
      case "/ready": {
        const { ready, detail } = handlers.ready();
        return send(ready ? 200 : 503, "text/plain", `${ready ? "ready" : "not ready"}: ${detail}\n`);
      }
      case "/healthz":
        return send(200, "text/plain", "ok\n");
      case "/stats":
        return send(200, "text/plain; version=0.0.4", handlers.stats());
      case "/config_dump":
        return send(200, "application/json", `${JSON.stringify(handlers.configDump(), null, 2)}\n`);
      case "/clusters":
        return send(200, "application/json", `${JSON.stringify(handlers.clusters(), null, 2)}\n`);
      default:
        return send(404, "text/plain", "admin endpoints: /ready /healthz /stats /config_dump /clusters\n");
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
