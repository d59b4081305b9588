/** Steady mixed traffic to web's sidecar, with counts for the status line. */
import http from "node:http";
import { pickLoadPath } from "./shop";

export interface LoadCounts {
  sent: number;
  ok: number;
  failed: number;
}

export interface LoadGenerator {
  counts(): LoadCounts;
  stop(): void;
}

export function startLoad(
  target: string,
  ratePerSecond: number,
  random: () => number = Math.random,
): LoadGenerator {
  const counts: LoadCounts = { sent: 0, ok: 0, failed: 0 };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const [host = "127.0.0.1", port = "0"] = target.split(":");
  const tickMs = 100;
  let owed = 0;
  const timer = setInterval(() => {
    owed += (ratePerSecond * tickMs) / 1000;
    while (owed >= 1) {
      owed -= 1;
      counts.sent += 1;
      const id = 1 + Math.floor(random() * 20);
      const request = http.request(
        {
          host,
          port: Number(port),
          path: pickLoadPath(random(), id),
          agent,
          headers: { "x-user-id": `u${id}`, host: "web" },
        },
        (response) => {
          response.resume();
          if ((response.statusCode ?? 500) < 500) counts.ok += 1;
          else counts.failed += 1;
        },
      );
      request.setTimeout(5000, () => request.destroy(new Error("timeout")));
      request.on("error", () => (counts.failed += 1));
      request.end();
    }
  }, tickMs);
  return {
    counts: () => ({ ...counts }),
    stop() {
      clearInterval(timer);
      agent.destroy();
    },
  };
}
