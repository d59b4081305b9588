import type { RouteConfig, VirtualHost } from "../config/route-model";

/**
 * Picks the virtual host for an authority in Envoy's order: exact domain, then the longest `*suffix`,
 * then the longest `prefix*` (wildcards match at least one character), then "*".
 */
export function selectVirtualHost(
  config: RouteConfig,
  authority: string,
  options: { stripPort?: boolean } = {},
): VirtualHost | undefined {
  let host = authority.toLowerCase();
  if (options.stripPort || config.ignorePortInHostMatching) host = withoutPort(host);
  const { domains } = config;
  const exact = domains.exact.get(host);
  if (exact) return exact;
  for (const { suffix, virtualHost } of domains.suffixes) {
    if (host.length > suffix.length && host.endsWith(suffix)) return virtualHost;
  }
  for (const { prefix, virtualHost } of domains.prefixes) {
    if (host.length > prefix.length && host.startsWith(prefix)) return virtualHost;
  }
  return domains.catchAll;
}

/** "host:80" → "host", "[::1]:80" → "[::1]"; a bare IPv6 literal is left alone. */
export function withoutPort(authority: string): string {
  if (authority.startsWith("[")) {
    const close = authority.indexOf("]");
    return close < 0 ? authority : authority.slice(0, close + 1);
  }
  const colon = authority.lastIndexOf(":");
  if (colon < 0 || authority.indexOf(":") !== colon) return authority;
  return /^\d+$/.test(authority.slice(colon + 1)) ? authority.slice(0, colon) : authority;
}
