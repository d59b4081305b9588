import type { Server } from "node:http";

/** Something the server process listens with; closed in reverse order of start on shutdown. */
export interface Listener {
  name: string;
  /** What the start-up banner prints, e.g. "http://127.0.0.1:3000". */
  address: string;
  close(): Promise<void>;
}

export class PortInUseError extends Error {}

/** Listens, turning EADDRINUSE into one readable line that names the setting to change. */
export function listenOn(server: Server, port: number, host: string, setting: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(
          new PortInUseError(
            `port ${port} on ${host} is already in use; set ${setting} to another port (0 = any free port)`,
          ),
        );
      } else if (error.code === "EACCES") {
        reject(
          new PortInUseError(`not allowed to listen on port ${port}; set ${setting} to a port above 1023`),
        );
      } else {
        reject(error);
      }
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

export function closeHttpServer(server: Server, graceMs = 5_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
