"use client";

import type { DryRun } from "../queries/mesh";
import { DiffView } from "./DiffView";

/** What applying would do: the diff, and which connected proxies get which changed xDS resources and routes. */
export function DryRunPreview({ result }: { result: DryRun }) {
  const affected = result.proxies.length;
  return (
    <section className="dry-run stack" aria-label="Dry-run result">
      <h3>Dry run against revision {result.baseRevision}</h3>
      {!result.changed && (
        <p className="muted">This config equals the current one: applying would create no revision.</p>
      )}
      <DiffView entries={result.diff.entries} label="Dry-run diff" />
      {result.warnings.length > 0 && (
        <ul className="field-issues">
          {result.warnings.map((warning) => (
            <li key={`${warning.path}${warning.message}`} className="warn">
              <code>{warning.path}</code> {warning.message}
            </li>
          ))}
        </ul>
      )}
      <p data-testid="dry-run-impact">
        {affected === 0 && result.unaffectedProxies === 0
          ? "No proxy is connected, so none would receive an update."
          : `${affected}${result.proxiesTruncated ? "+" : ""} connected proxy(ies) would receive an update; ${result.unaffectedProxies} would not.`}
      </p>
      {result.byClient.map((client) =>
        client.changes.length === 0 ? null : (
          <details key={client.clientKind} open>
            <summary>
              {client.clientKind}: {client.proxies} proxy(ies), {client.changes.length} resource(s) change
            </summary>
            <ul>
              {client.changes.map((change) => (
                <li key={`${change.type}/${change.name}`}>
                  {change.change} {change.type} <code>{change.name}</code>
                  {change.routes && change.routes.length > 0 && (
                    <span className="muted">
                      {" "}
                      — routes {change.routes.map((route) => `${route.name} (${route.change})`).join(", ")}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </details>
        ),
      )}
      {affected > 0 && (
        <details>
          <summary>Affected proxies ({affected})</summary>
          <ul className="muted">
            {result.proxies.slice(0, 200).map((proxy) => (
              <li key={proxy.nodeId}>
                <code>{proxy.nodeId}</code> {proxy.service ?? ""}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
