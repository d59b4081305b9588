// A small client of weft's JSON API for the CLI: base URL and token from flags or the environment,
// errors turned into one precise message and an exit code.

/** Exit codes of the API commands (server, migrate: 0 ok, 1 failure, 2 usage). */
export const EXIT = { ok: 0, failure: 1, usage: 2, invalidConfig: 3, stale: 4 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
}

interface ErrorEnvelope {
  error?: { code?: string; message?: string; details?: unknown };
}

export class ApiClient {
  constructor(
    readonly server: string,
    private readonly token: string | undefined,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** Sends a request; a non-2xx answer becomes a CliError with the server's message. */
  async send(
    method: string,
    path: string,
    options: { body?: string; contentType?: string; accept?: string } = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { accept: options.accept ?? "application/json" };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (options.contentType) headers["content-type"] = options.contentType;
    let response: Response;
    try {
      response = await this.fetchImpl(new URL(path, this.server), {
        method,
        headers,
        body: options.body,
        signal: AbortSignal.timeout(60_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new CliError(
        `cannot reach the weft server at ${this.server} (${why}); set --server or WEFT_SERVER`,
        EXIT.failure,
      );
    }
    const text = await response.text();
    if (response.ok) return { status: response.status, headers: response.headers, text };
    throw apiError(response.status, text);
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, {
      ...(body !== undefined ? { body: JSON.stringify(body), contentType: "application/json" } : {}),
    });
    return JSON.parse(response.text) as T;
  }
}

/** The server's error envelope as one message (with every config problem on its own line). */
export function apiError(status: number, text: string): CliError {
  let envelope: ErrorEnvelope = {};
  try {
    envelope = JSON.parse(text) as ErrorEnvelope;
  } catch {
    // Not JSON (a proxy in between, or a crash page): show the start of it.
  }
  const code = envelope.error?.code ?? `http_${status}`;
  const message = envelope.error?.message ?? (text.slice(0, 200) || `HTTP ${status}`);
  if (code === "invalid_config") {
    const problems = Array.isArray(envelope.error?.details) ? envelope.error.details : [];
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    const lines = problems.map((problem) => `  ${formatProblem(problem)}`);
    return new CliError(
      [`the mesh config has ${count}; nothing was applied:`, ...lines].join("\n"),
      EXIT.invalidConfig,
    );
  }
  if (status === 409) return new CliError(message, EXIT.stale);
  if (status === 401) {
    return new CliError(`${message} (pass an API token with --token or WEFT_TOKEN)`, EXIT.failure);
  }
  return new CliError(`${message} (HTTP ${status} ${code})`, EXIT.failure);
}

function formatProblem(problem: unknown): string {
  if (problem === null || typeof problem !== "object") return String(problem);
  const { path, message, line, column } = problem as Record<string, unknown>;
  const text = String(message);
  // Syntax errors already start with "line:column".
  const positioned = typeof line === "number" && !text.startsWith(`${line}:`);
  const at = positioned ? ` (line ${line}${typeof column === "number" ? `, column ${column}` : ""})` : "";
  const where = typeof path === "string" && path !== "" ? `${path}: ` : "";
  return `${where}${text}${at}`;
}
