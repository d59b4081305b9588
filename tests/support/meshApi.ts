import { ApiSession } from "./apiSession";
import { type StartedServer, waitForOutput } from "./weftProcess";

// Helpers for control-plane tests: API tokens per role, bearer-token calls, the xDS address from the
// banner, and polling for asynchronous effects (pushes, batched status writes).

export type Role = "viewer" | "operator" | "admin";

export class BearerApi {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  async request(
    method: string,
    path: string,
    init: { body?: string; type?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, ...init.headers };
    if (init.type) headers["content-type"] = init.type;
    return fetch(`${this.baseUrl}${path}`, { method, headers, body: init.body });
  }

  async json<T = Record<string, unknown>>(method: string, path: string, body?: unknown) {
    const response = await this.request(method, path, {
      ...(body !== undefined ? { body: JSON.stringify(body), type: "application/json" } : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
  }

  async yaml<T = Record<string, unknown>>(method: string, path: string, text: string) {
    const response = await this.request(method, path, { body: text, type: "application/yaml" });
    return { status: response.status, body: (await response.json()) as T };
  }
}

/** Logs in as admin and creates one API token per role. */
export async function roleApis(server: StartedServer): Promise<Record<Role, BearerApi>> {
  const admin = new ApiSession(server.url);
  const login = await admin.login("admin", server.adminPassword);
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status}`);
  const apis = {} as Record<Role, BearerApi>;
  for (const role of ["viewer", "operator", "admin"] as const) {
    const created = await admin.json<{ token: string }>("POST", "/api/v1/tokens", {
      name: `${role}-token`,
      role,
    });
    if (created.status !== 200)
      throw new Error(`creating a ${role} token failed: ${JSON.stringify(created.body)}`);
    apis[role] = new BearerApi(server.url, created.body.token);
  }
  return apis;
}

/** The xDS address the server printed ("weft: xds: 127.0.0.1:port"). */
export async function xdsAddress(server: StartedServer): Promise<string> {
  const match = await waitForOutput(server.process, /weft: xds: (\S+)/);
  return match[1] ?? "";
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? ` (${String(last)})` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface TypeStatus {
  state: string;
  sentVersion: string | null;
  sentAt: string | null;
  ackedVersion: string | null;
  ackedAt: string | null;
  rejectedVersion: string | null;
  rejectedDetail: string | null;
  rejectedAt: string | null;
  downgrades: { resource: string; field: string; from: string; to: string; reason: string }[];
}

export interface ProxyStatus {
  nodeId: string;
  service: string | null;
  labels: Record<string, string>;
  client: string;
  connected: boolean;
  problems: string[];
  types: Partial<Record<"listeners" | "routes" | "clusters" | "endpoints", TypeStatus>>;
}

export async function proxyStatus(api: BearerApi, nodeId: string): Promise<ProxyStatus | undefined> {
  const { body } = await api.json<{ proxies: ProxyStatus[] }>("GET", "/api/v1/proxies?state=all");
  return body.proxies.find((proxy) => proxy.nodeId === nodeId);
}

/** Waits until a proxy ACKed a `kind` response sent after `since` (epoch ms), and returns its status. */
export function waitForAck(
  api: BearerApi,
  nodeId: string,
  kind: keyof ProxyStatus["types"],
  since: number,
): Promise<TypeStatus> {
  return waitFor(async () => {
    const type = (await proxyStatus(api, nodeId))?.types[kind];
    if (!type?.sentAt || Date.parse(type.sentAt) < since) return undefined;
    return type.state === "ACKED" && type.ackedVersion === type.sentVersion ? type : undefined;
  }, `${nodeId} to ACK new ${kind}`);
}
