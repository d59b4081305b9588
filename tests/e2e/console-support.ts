import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { callSpans, otlpTraceRequest, type SpanSpec } from "../../lib/console/testing/otlpTraces";
import { ApiSession } from "../support/apiSession";
import { runWeft, waitForOutput } from "../support/weftProcess";

// Shared by the console-*.spec.ts browser tests. Each spec file starts its own `weft server` (embedded
// PostgreSQL in a fresh data directory), so the telemetry and policy it creates never leak into other
// specs (roles.spec.ts expects an empty console on the suite's shared server).

export const ADMIN_PASSWORD = "console-e2e-admin";

export interface ConsoleServer {
  url: string;
  admin: ApiSession;
  stop(): Promise<void>;
}

export async function startConsoleServer(): Promise<ConsoleServer> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "weft-console-e2e-"));
  const server = runWeft(["server"], {
    WEFT_DATA_DIR: dataDir,
    PORT: "0",
    WEFT_OTLP_HTTP_PORT: "0",
    WEFT_OTLP_GRPC_PORT: "0",
    WEFT_XDS_PORT: "0",
    WEFT_ADMIN_PASSWORD: ADMIN_PASSWORD,
  });
  const [, address] = await waitForOutput(server, /console: (http:\/\/\S+)[\s\S]*log in at /, 180_000);
  const url = address!.replace("localhost", "127.0.0.1");
  const admin = new ApiSession(url);
  expect((await admin.login("admin", ADMIN_PASSWORD)).status).toBe(200);
  return {
    url,
    admin,
    async stop() {
      await server.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Sends spans through the console port's OTLP/HTTP endpoint (JSON), in batches; fails on any rejection. */
export async function sendSpans(url: string, spans: readonly SpanSpec[], batch = 1_500): Promise<void> {
  for (let i = 0; i < spans.length; i += batch) {
    const response = await fetch(`${url}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(otlpTraceRequest(spans.slice(i, i + batch))),
    });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    expect(text, "no span may be rejected").not.toContain("rejected");
  }
}

/** Sends one OTLP/JSON metrics export through the console port's `/v1/metrics`; fails on any rejection. */
export async function sendMetrics(url: string, request: object): Promise<void> {
  const response = await fetch(`${url}/v1/metrics`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(request),
  });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  expect(text, "no point may be rejected").not.toContain("rejected");
}

/** `count` calls per edge spread over the last `minutes` minutes, with every `errorEvery`-th call failing. */
export function trafficSpans(
  edges: readonly { from: string; to: string; errorEvery?: number }[],
  options: { count: number; minutes: number; firstId?: number },
): SpanSpec[] {
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const spanNs = BigInt(options.minutes) * 60_000_000_000n;
  const spans: SpanSpec[] = [];
  let id = options.firstId ?? 0;
  for (const edge of edges) {
    for (let k = 0; k < options.count; k++) {
      const startNs = nowNs - 5_000_000_000n - (spanNs * BigInt(k)) / BigInt(options.count);
      spans.push(
        ...callSpans({
          id: id++,
          from: edge.from,
          to: edge.to,
          startNs,
          durationNs: BigInt(3 + (k % 7) * 4) * 1_000_000n,
          error: edge.errorEvery !== undefined && k % edge.errorEvery === 0,
        }),
      );
    }
  }
  return spans;
}

/** Logs the page in through the API (the session cookie is shared with the page). */
export async function logIn(page: Page, url: string, username: string, password: string): Promise<void> {
  const response = await page.request.post(`${url}/api/v1/auth/login`, { data: { username, password } });
  expect(response.status()).toBe(200);
}

export async function createUser(admin: ApiSession, username: string, role: "viewer" | "operator" | "admin") {
  const created = await admin.json("POST", "/api/v1/users", {
    username,
    password: `${username}-password`,
    role,
  });
  expect(created.status).toBe(200);
  return { username, password: `${username}-password` };
}
