"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import { formatAgo } from "@/lib/console/format";
import type { ExternalEndpoint } from "@/lib/mesh/schema";
import type { ProxyInfo } from "../queries/mesh";

type ProxiesAnswer = { proxies: ProxyInfo[] };

/** The instances serving a service: sidecars registered over xDS, and endpoints an admin added. */
export function ServiceEndpoints({
  proxies,
  external,
}: {
  proxies: UseQueryResult<ProxiesAnswer>;
  external: ExternalEndpoint[];
}) {
  const now = Date.now();
  const list = proxies.data?.proxies ?? [];
  return (
    <section>
      <h2>Endpoints</h2>
      {proxies.isError && <p className="error">Could not load proxies: {proxies.error.message}</p>}
      {list.length === 0 && external.length === 0 ? (
        <p className="muted">No registered instance and no external endpoint.</p>
      ) : (
        <table aria-label="Endpoints">
          <thead>
            <tr>
              <th>Instance</th>
              <th>Address</th>
              <th>Labels</th>
              <th>State</th>
              <th>Config</th>
            </tr>
          </thead>
          <tbody>
            {list.map((proxy) => {
              const rejected = Object.values(proxy.types).some((type) => type?.rejectedVersion);
              return (
                <tr key={proxy.nodeId}>
                  <td>
                    <code>{proxy.nodeId}</code>
                  </td>
                  <td>{proxy.inbound ? `${proxy.inbound.address}:${proxy.inbound.port}` : "–"}</td>
                  <td>
                    {Object.entries(proxy.labels)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(", ")}
                  </td>
                  <td className={proxy.connected ? "ok" : "muted"}>
                    {proxy.connected
                      ? "connected"
                      : `gone, seen ${formatAgo(Date.parse(proxy.lastSeenAt), now)}`}
                  </td>
                  <td className={rejected ? "error" : undefined}>
                    {rejected ? "rejected an update" : "in sync"}
                  </td>
                </tr>
              );
            })}
            {external.map((endpoint) => (
              <tr key={`${endpoint.address}:${endpoint.port}`}>
                <td>external</td>
                <td>
                  {endpoint.address}:{endpoint.port}
                </td>
                <td>
                  {Object.entries(endpoint.labels ?? {})
                    .map(([k, v]) => `${k}=${v}`)
                    .join(", ")}
                </td>
                <td className="muted">registered by an admin</td>
                <td>{endpoint.weight ? `weight ${endpoint.weight}` : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
