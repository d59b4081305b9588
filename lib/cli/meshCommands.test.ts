import { describe, expect, it } from "vitest";
import { apiError, CliError, EXIT } from "./apiClient";
import {
  applyCommand,
  getCommand,
  historyCommand,
  type MeshCommandContext,
  rollbackCommand,
} from "./meshCommands";

interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A fake server: records each request and answers with the given status and JSON. */
function context(answer: { status: number; body: unknown; type?: string }, env: Record<string, string> = {}) {
  const calls: Call[] = [];
  const printed: string[] = [];
  const fetchImpl = (async (url: URL, init: RequestInit) => {
    calls.push({
      method: String(init.method),
      url: url.toString(),
      headers: init.headers as Record<string, string>,
      body: init.body as string | undefined,
    });
    const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
    return new Response(text, {
      status: answer.status,
      headers: { "content-type": answer.type ?? "application/json" },
    });
  }) as unknown as typeof fetch;
  const ctx: MeshCommandContext = {
    env: { WEFT_SERVER: "http://weft.test:3000", WEFT_TOKEN: "weft_secret", ...env },
    print: (text) => printed.push(text),
    readStdin: async () => "services: []\n",
    fetchImpl,
  };
  return { ctx, calls, printed };
}

const commit = {
  changed: true,
  revision: {
    number: 7,
    createdAt: "2026-01-01T00:00:00.000Z",
    author: "admin",
    message: "m",
    summary: [],
    restoredFrom: null,
  },
  previousRevision: 6,
  summary: ["reviews: weights v1 80→50, v2 20→50"],
  warnings: [{ path: "services[0].routes[1]", message: "unreachable" }],
};

async function exitOf(run: Promise<number>): Promise<number> {
  try {
    return await run;
  } catch (error) {
    if (error instanceof CliError) return error.exitCode;
    throw error;
  }
}

describe("weft apply", () => {
  it("sends the document as YAML with message and expected revision, and prints the new revision", async () => {
    const { ctx, calls, printed } = context({ status: 200, body: commit });
    expect(await applyCommand(["-f", "-", "-m", "shift traffic", "--expected-revision", "6"], ctx)).toBe(0);
    expect(calls).toEqual([
      {
        method: "PUT",
        url: "http://weft.test:3000/api/v1/config?message=shift+traffic&expectedRevision=6",
        headers: {
          accept: "application/json",
          authorization: "Bearer weft_secret",
          "content-type": "application/yaml",
        },
        body: "services: []\n",
      },
    ]);
    expect(printed.join("\n")).toBe(
      [
        "applied revision 7, was 6",
        "  reviews: weights v1 80→50, v2 20→50",
        "warning: services[0].routes[1]: unreachable",
      ].join("\n"),
    );
  });

  it("posts to the dry-run endpoint with --dry-run", async () => {
    const { ctx, calls, printed } = context({
      status: 200,
      body: {
        baseRevision: 3,
        changed: true,
        diff: { summary: ["reviews: weights v1 80→50"] },
        warnings: [],
        byClient: [{ clientKind: "envoy", proxies: 2 }],
        proxies: [
          {
            nodeId: "p1",
            clientKind: "envoy",
            changes: [
              {
                type: "RouteConfiguration",
                name: "reviews",
                change: "changed",
                routes: [{ name: "split", change: "changed" }],
              },
            ],
          },
        ],
        proxiesTruncated: false,
        unaffectedProxies: 1,
      },
    });
    expect(await applyCommand(["-f", "-", "--dry-run"], ctx)).toBe(0);
    expect(calls[0]).toMatchObject({ method: "POST", url: "http://weft.test:3000/api/v1/config/dry-run?" });
    expect(printed.join("\n")).toBe(
      [
        "dry run against revision 3: applying would create revision 4",
        "  reviews: weights v1 80→50",
        "proxies whose xDS resources would change: 1 of 2 connected",
        "  p1 (envoy): RouteConfiguration/reviews changed [split changed]",
      ].join("\n"),
    );
  });

  it("exits 3 with every problem and its position for an invalid config, 4 when stale", async () => {
    const invalid = context({
      status: 400,
      body: {
        error: {
          code: "invalid_config",
          message: "…",
          details: [
            {
              path: "services[0].routes[0].destinations",
              message: "weights sum to 110; they must sum to 100",
              line: 7,
              column: 9,
            },
            { path: "", message: "3:1 Flow sequence…", line: 3, column: 1 },
          ],
        },
      },
    });
    const error = await applyCommand(["-f", "-"], invalid.ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(EXIT.invalidConfig);
    expect((error as CliError).message).toBe(
      [
        "the mesh config has 2 problems; nothing was applied:",
        "  services[0].routes[0].destinations: weights sum to 110; they must sum to 100 (line 7, column 9)",
        "  3:1 Flow sequence…",
      ].join("\n"),
    );
    const stale = context({
      status: 409,
      body: { error: { code: "stale_revision", message: "revision 2 is no longer current" } },
    });
    expect(await exitOf(applyCommand(["-f", "-"], stale.ctx))).toBe(EXIT.stale);
  });

  it("refuses bad usage before calling the server", async () => {
    const { ctx, calls } = context({ status: 200, body: commit });
    expect(await exitOf(applyCommand([], ctx))).toBe(EXIT.usage);
    expect(await exitOf(applyCommand(["-f", "-", "--expected-revision", "x"], ctx))).toBe(EXIT.usage);
    expect(await exitOf(applyCommand(["-f", "-", "-o", "json"], ctx))).toBe(EXIT.usage);
    expect(await exitOf(applyCommand(["-f", "/nonexistent/mesh.yaml"], ctx))).toBe(EXIT.usage);
    expect(await exitOf(applyCommand(["-f", "-", "--server", "localhost:3000"], ctx))).toBe(EXIT.usage);
    expect(calls).toEqual([]);
  });
});

describe("weft get, history, rollback", () => {
  it("prints the YAML document as the server sends it, or the JSON config", async () => {
    const yaml = context({ status: 200, body: "# revision 2\nservices: []\n", type: "application/yaml" });
    expect(await getCommand(["config"], yaml.ctx)).toBe(0);
    expect(yaml.calls[0]?.url).toBe("http://weft.test:3000/api/v1/config?format=yaml");
    expect(yaml.printed).toEqual(["# revision 2\nservices: []"]);
    const json = context({ status: 200, body: { revision: { number: 2 }, config: { services: [] } } });
    expect(await getCommand(["config", "-o", "json", "--server", "http://other:1"], json.ctx)).toBe(0);
    expect(json.calls[0]?.url).toBe("http://other:1/api/v1/config?format=json");
    expect(json.printed).toEqual(['{\n  "services": []\n}']);
    expect(await exitOf(getCommand(["proxies"], json.ctx))).toBe(EXIT.usage);
    expect(await exitOf(getCommand(["config", "-o", "xml"], json.ctx))).toBe(EXIT.usage);
  });

  it("lists revisions as an aligned table", async () => {
    const { ctx, printed, calls } = context({
      status: 200,
      body: {
        revisions: [
          {
            number: 12,
            createdAt: "2026-01-02T10:00:00.123Z",
            author: "token:ci",
            message: "restore revision 10",
            summary: ["reviews: weights v1 50→80"],
            restoredFrom: 10,
          },
          {
            number: 11,
            createdAt: "2026-01-02T09:00:00.000Z",
            author: "admin",
            message: "",
            summary: ["web: service added"],
            restoredFrom: null,
          },
        ],
      },
    });
    expect(await historyCommand(["--limit", "5"], ctx)).toBe(0);
    expect(calls[0]?.url).toBe("http://weft.test:3000/api/v1/revisions?limit=5");
    expect(printed[0]).toBe(
      [
        "REV  CREATED               AUTHOR    CHANGE",
        "12   2026-01-02 10:00:00Z  token:ci  restore revision 10 — reviews: weights v1 50→80",
        "11   2026-01-02 09:00:00Z  admin     web: service added",
      ].join("\n"),
    );
    expect(await exitOf(historyCommand(["--limit", "0"], ctx))).toBe(EXIT.usage);
  });

  it("restores a revision with a message", async () => {
    const { ctx, calls, printed } = context({
      status: 200,
      body: { ...commit, revision: { ...commit.revision, restoredFrom: 3 }, warnings: [] },
    });
    expect(await rollbackCommand(["3", "-m", "bad canary"], ctx)).toBe(0);
    expect(calls[0]).toMatchObject({
      method: "POST",
      url: "http://weft.test:3000/api/v1/revisions/3/restore",
      body: '{"message":"bad canary"}',
    });
    expect(printed[0]).toBe(
      "applied revision 7 (restores revision 3), was 6\n  reviews: weights v1 80→50, v2 20→50",
    );
    expect(await exitOf(rollbackCommand(["three"], ctx))).toBe(EXIT.usage);
    expect(await exitOf(rollbackCommand([], ctx))).toBe(EXIT.usage);
  });
});

describe("apiError", () => {
  it("keeps the server's message and asks for a token on 401", () => {
    expect(apiError(401, '{"error":{"code":"unauthenticated","message":"log in"}}').message).toBe(
      "log in (pass an API token with --token or WEFT_TOKEN)",
    );
    expect(apiError(404, '{"error":{"code":"not_found","message":"revision 9 not found"}}')).toMatchObject({
      message: "revision 9 not found (HTTP 404 not_found)",
      exitCode: EXIT.failure,
    });
    expect(apiError(502, "<html>bad gateway</html>").message).toBe(
      "<html>bad gateway</html> (HTTP 502 http_502)",
    );
  });

  it("says which server could not be reached", async () => {
    const ctx: MeshCommandContext = {
      env: { WEFT_SERVER: "http://127.0.0.1:9" },
      print: () => undefined,
      readStdin: async () => "",
      fetchImpl: (async () => {
        throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
      }) as unknown as typeof fetch,
    };
    await expect(historyCommand([], ctx)).rejects.toThrow(
      "cannot reach the weft server at http://127.0.0.1:9 (ECONNREFUSED); set --server or WEFT_SERVER",
    );
  });
});
