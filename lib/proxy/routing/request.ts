/** The request fields routing looks at. Header names are lower case, as Node delivers them. */
export type HeaderValue = string | readonly string[] | undefined;
export type RequestHeaders = Readonly<Record<string, HeaderValue>>;

export interface RouteRequest {
  /** Host or :authority, possibly with a port. */
  readonly authority: string;
  /** Request target path, possibly with a query string. */
  readonly path: string;
  readonly method: string;
  readonly headers: RequestHeaders;
  /** Parsed query; when absent it is parsed from `path`. */
  readonly query?: Readonly<Record<string, HeaderValue>>;
  readonly scheme?: string;
}

/** A header's value as Envoy matches it: repeated headers joined with ",". Pseudo-headers map to fields. */
export function headerValue(request: RouteRequest, name: string): string | undefined {
  switch (name) {
    case ":authority":
      return request.authority;
    case ":path":
      return request.path;
    case ":method":
      return request.method;
    case ":scheme":
      return request.scheme;
    default:
      return joinHeader(request.headers[name]);
  }
}

export function joinHeader(value: HeaderValue): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : value.join(",");
}

/** The path without query string or fragment. */
export function pathOnly(path: string): string {
  const end = path.search(/[?#]/);
  return end < 0 ? path : path.slice(0, end);
}

/**
 * The first value of a query parameter, not percent-decoded (Envoy matches the raw query); a parameter
 * without "=" has the value "".
 */
export function queryValue(request: RouteRequest, name: string): string | undefined {
  if (request.query) {
    const value = request.query[name];
    return typeof value === "string" || value === undefined ? value : value[0];
  }
  const start = request.path.indexOf("?");
  if (start < 0) return undefined;
  const end = request.path.indexOf("#", start);
  const query = request.path.slice(start + 1, end < 0 ? undefined : end);
  for (const part of query.split("&")) {
    const eq = part.indexOf("=");
    const key = eq < 0 ? part : part.slice(0, eq);
    if (key === name) return eq < 0 ? "" : part.slice(eq + 1);
  }
  return undefined;
}
