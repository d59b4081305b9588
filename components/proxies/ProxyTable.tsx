"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import Link from "next/link";
import { useRef } from "react";
import { formatAgo } from "@/lib/console/format";
import type { ProxyInfo } from "../queries/mesh";

const TYPES = ["listeners", "routes", "clusters", "endpoints"] as const;
const ROW_HEIGHT = 64;

/** Proxies with delivery status per resource type; virtualised, since a big mesh has thousands. */
export function ProxyTable({ proxies }: { proxies: ProxyInfo[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: proxies.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
  });
  const items = virtual.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtual.getTotalSize() - (items.at(-1)?.end ?? 0);
  const now = Date.now();
  return (
    <div className="table-scroll" ref={scroller}>
      <table aria-label="Proxies">
        <thead>
          <tr>
            <th>ProxyInfo</th>
            <th>Service</th>
            <th>Labels</th>
            <th>State</th>
            {TYPES.map((type) => (
              <th key={type}>{type}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {top > 0 && <tr style={{ height: top }} aria-hidden />}
          {items.map((item) => {
            const proxy = proxies[item.index];
            if (!proxy) return null;
            return (
              <tr key={proxy.nodeId} ref={virtual.measureElement} data-index={item.index}>
                <td>
                  <code>{proxy.nodeId}</code>
                  <div className="muted">
                    {proxy.client}
                    {proxy.inbound ? ` · ${proxy.inbound.address}:${proxy.inbound.port}` : ""}
                  </div>
                  {proxy.problems.map((problem) => (
                    <div key={problem} className="error">
                      {problem}
                    </div>
                  ))}
                </td>
                <td>
                  {proxy.service ? (
                    <Link href={`/services/${encodeURIComponent(proxy.service)}`}>{proxy.service}</Link>
                  ) : (
                    "–"
                  )}
                </td>
                <td>
                  {Object.entries(proxy.labels)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(", ")}
                </td>
                <td className={proxy.connected ? "ok" : "muted"}>
                  {proxy.connected ? "connected" : "disconnected"}
                  <div className="muted">seen {formatAgo(Date.parse(proxy.lastSeenAt), now)}</div>
                </td>
                {TYPES.map((type) => (
                  <td key={type}>
                    <Delivery delivery={proxy.types[type]} now={now} />
                  </td>
                ))}
              </tr>
            );
          })}
          {bottom > 0 && <tr style={{ height: bottom }} aria-hidden />}
        </tbody>
      </table>
    </div>
  );
}

function Delivery({ delivery, now }: { delivery: ProxyInfo["types"]["listeners"]; now: number }) {
  if (!delivery) return <span className="muted">not requested</span>;
  const short = (version: string | null) => (version ? version.slice(0, 10) : "–");
  return (
    <div className={`delivery state-${delivery.state.toLowerCase()}`}>
      <div className="muted">{delivery.state.toLowerCase()}</div>
      <div title={delivery.ackedVersion ?? undefined}>
        acked <code>{short(delivery.ackedVersion)}</code>
        {delivery.ackedAt ? (
          <span className="muted"> {formatAgo(Date.parse(delivery.ackedAt), now)}</span>
        ) : null}
      </div>
      {delivery.sentVersion &&
        delivery.sentVersion !== delivery.ackedVersion &&
        delivery.sentVersion !== delivery.rejectedVersion && (
          <div className="muted">sent {short(delivery.sentVersion)}, waiting</div>
        )}
      {delivery.rejectedVersion && (
        <details className="error">
          <summary>
            rejected <code>{short(delivery.rejectedVersion)}</code>
            {delivery.rejectedAt ? ` ${formatAgo(Date.parse(delivery.rejectedAt), now)}` : ""}
          </summary>
          <pre className="rejection">{delivery.rejectedDetail ?? "no detail"}</pre>
        </details>
      )}
      {delivery.downgrades.map((downgrade) => (
        <div key={`${downgrade.resource} ${downgrade.field}`} className="muted" title={downgrade.reason}>
          {downgrade.resource} {downgrade.field}: {downgrade.from} → {downgrade.to}
        </div>
      ))}
    </div>
  );
}
