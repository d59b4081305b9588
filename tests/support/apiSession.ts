/** A minimal cookie-keeping API client for tests, like a browser session against the console. */
export class ApiSession {
  private cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  get csrfToken(): string {
    return this.cookies.get("weft_csrf") ?? "";
  }

  async login(username: string, password: string): Promise<Response> {
    return this.request("POST", "/api/v1/auth/login", { username, password });
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    options: { csrf?: boolean; headers?: Record<string, string>; rawBody?: string | Uint8Array } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    if (options.csrf !== false && method !== "GET") headers["x-csrf-token"] = this.csrfToken;
    let payload: string | Uint8Array | undefined = options.rawBody;
    if (body !== undefined) {
      headers["content-type"] ??= "application/json";
      payload = JSON.stringify(body);
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: payload as BodyInit | undefined,
      redirect: "manual",
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === "" || /Max-Age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  async json<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await this.request(method, path, body);
    return { status: response.status, body: (await response.json()) as T };
  }
}
