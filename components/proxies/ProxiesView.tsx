"use client";

import { useProxies } from "../queries/mesh";
import { PageHeader } from "../shell/PageHeader";
import { useRange } from "../shell/useRange";
import { useUrlState } from "../shell/useUrlState";
import { EmptyState } from "../ui/EmptyState";
import { QueryState } from "../ui/QueryState";
import { ProxyTable } from "./ProxyTable";

const STATES = ["connected", "recent", "all"] as const;
type ProxyState = (typeof STATES)[number];

/** Every proxy the control plane knows, with what it acknowledged or rejected per resource type. */
export function ProxiesView({ xdsPort }: { xdsPort: number }) {
  const range = useRange();
  const { search, replace } = useUrlState();
  const stateParam = search.get("state");
  const state: ProxyState = STATES.find((s) => s === stateParam) ?? "recent";
  const filter = (search.get("q") ?? "").trim().toLowerCase();
  const proxies = useProxies(state, range.refetchInterval);

  function setParam(name: string, value: string) {
    const params = new URLSearchParams(search.toString());
    if (value) params.set(name, value);
    else params.delete(name);
    replace(params.toString());
  }

  return (
    <>
      <PageHeader title="Proxies" />
      <div className="row toolbar">
        <label className="inline">
          Show
          <select
            aria-label="Which proxies"
            value={state}
            onChange={(e) => setParam("state", e.target.value === "recent" ? "" : e.target.value)}
          >
            <option value="connected">connected now</option>
            <option value="recent">connected or seen in the last hour</option>
            <option value="all">every proxy ever seen</option>
          </select>
        </label>
        <input
          aria-label="Filter proxies"
          placeholder="Filter by service or node…"
          defaultValue={filter}
          onChange={(e) => setParam("q", e.target.value.trim())}
        />
      </div>
      <QueryState
        query={proxies}
        what="proxies"
        isEmpty={(data) => data.proxies.length === 0}
        empty={
          <EmptyState title="No proxy has connected yet">
            <p>
              Every sidecar and xDS client connected to this control plane is listed here with its service,
              labels and, per resource type, the configuration version it acknowledged or rejected (with the
              reason).
            </p>
            <p>
              Proxies connect to the xDS server on port <code>{xdsPort}</code>; Envoy and proxyless gRPC
              clients (<code>xds:///service</code>) can join too.
            </p>
          </EmptyState>
        }
      >
        {(data) => {
          const rows = data.proxies.filter(
            (proxy) =>
              !filter ||
              proxy.nodeId.toLowerCase().includes(filter) ||
              (proxy.service ?? "").toLowerCase().includes(filter),
          );
          const rejecting = data.proxies.filter((proxy) =>
            Object.values(proxy.types).some((t) => t?.state === "NACKED"),
          );
          return (
            <div className="stack">
              <p className="muted">
                {data.connected} connected · mesh config revision {data.revision}
                {rejecting.length > 0 && (
                  <span className="error"> · {rejecting.length} proxy(ies) rejected the latest update</span>
                )}
                {data.truncated && " · list truncated"}
              </p>
              <ProxyTable proxies={rows} />
            </div>
          );
        }}
      </QueryState>
    </>
  );
}
