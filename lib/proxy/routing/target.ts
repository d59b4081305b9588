/**
 * Where an outbound request is going: the origin-form target with its Host header, or an HTTP proxy's
 * absolute-form URI (RFC 9112 §3.2.2: the URI's authority replaces Host), so HTTP_PROXY works.
 */
export type TargetResult =
  | { readonly ok: true; readonly authority: string; readonly path: string; readonly absolute: boolean }
  | { readonly ok: false; readonly status: 400 | 501; readonly message: string };

export function splitTarget(target: string, hostHeader: string): TargetResult {
  if (target.startsWith("/")) return { ok: true, authority: hostHeader, path: target, absolute: false };
  if (target === "*") return { ok: true, authority: hostHeader, path: "*", absolute: false };
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(target)?.[1]?.toLowerCase();
  if (scheme === "https")
    return {
      ok: false,
      status: 501,
      message: "https through the proxy needs CONNECT, which is not supported",
    };
  if (scheme !== "http") return { ok: false, status: 400, message: "invalid request target" };
  const rest = target.slice(scheme.length + 3);
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  let path = end < 0 ? "/" : rest.slice(end);
  if (path.startsWith("?")) path = `/${path}`;
  const hash = path.indexOf("#");
  if (hash >= 0) path = path.slice(0, hash);
  if (authority === "" || authority.includes("@"))
    return { ok: false, status: 400, message: "invalid authority in request target" };
  return { ok: true, authority, path, absolute: true };
}
