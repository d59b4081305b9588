/** Set by the weft server from the socket address (any incoming value is overwritten), never by clients. */
export const CLIENT_IP_HEADER = "x-weft-client-ip";

export function requestMeta(request: Request): { ip: string | null; userAgent: string | null } {
  return {
    ip: request.headers.get(CLIENT_IP_HEADER),
    userAgent: request.headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}
