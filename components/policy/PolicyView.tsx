"use client";

import { useState } from "react";
import { activeFaults } from "@/lib/console/activeFaults";
import { addService } from "@/lib/console/policyDraft";
import { type CommitAnswer, useMeshConfig } from "../queries/mesh";
import { useCurrentUser } from "../shell/currentUser";
import { PageHeader } from "../shell/PageHeader";
import { useUrlState } from "../shell/useUrlState";
import { EmptyState } from "../ui/EmptyState";
import { QueryState } from "../ui/QueryState";
import { ChangeBar } from "./ChangeBar";
import { DraftIssues } from "./fields";
import { KillSwitch } from "./KillSwitch";
import { RevisionHistory } from "./RevisionHistory";
import { ServiceEditor } from "./ServiceEditor";
import { ServiceList } from "./ServiceList";
import { ServiceReadOnly } from "./ServiceReadOnly";
import { usePolicyDraft } from "./usePolicyDraft";
import { YamlEditor } from "./YamlEditor";

const TABS = [
  { id: "forms", label: "Services" },
  { id: "yaml", label: "YAML" },
  { id: "history", label: "History" },
] as const;
type Tab = (typeof TABS)[number]["id"];

/** Traffic policy: per-service forms, the YAML view, a dry-run before every apply, and history with rollback. */
export function PolicyView() {
  const user = useCurrentUser();
  const isAdmin = user.can("admin");
  const { search, replace } = useUrlState();
  const server = useMeshConfig();
  const draft = usePolicyDraft(server.data);
  const [applied, setApplied] = useState<CommitAnswer | null>(null);
  const tabParam = search.get("tab");
  const tab: Tab = TABS.find((t) => t.id === tabParam)?.id ?? "forms";
  const revisionParam = Number(search.get("revision"));
  const selectedRevision = Number.isInteger(revisionParam) && revisionParam > 0 ? revisionParam : null;

  function setParams(patch: Record<string, string | null>) {
    const params = new URLSearchParams(search.toString());
    for (const [key, value] of Object.entries(patch)) {
      if (value === null || value === "") params.delete(key);
      else params.set(key, value);
    }
    replace(params.toString());
  }

  return (
    <>
      <PageHeader title="Traffic policy" controls={false}>
        {server.data && <span className="muted">revision {server.data.revision.number}</span>}
        {!isAdmin && (
          <span className="badge">
            read only{user.can("operator") ? " · you may use the fault kill switch" : ""}
          </span>
        )}
      </PageHeader>
      <QueryState query={server} what="the mesh config">
        {(current) => {
          const config = draft.config ?? current.config;
          const faults = activeFaults(current.config, Date.now());
          const selectedName = search.get("service") ?? config.services[0]?.name ?? null;
          const selected = config.services.find((service) => service.name === selectedName);
          return (
            <DraftIssues.Provider
              value={{ errors: draft.check?.errors ?? [], warnings: draft.check?.warnings ?? [] }}
            >
              {user.can("operator") && <KillSwitch faults={faults} />}
              {applied && (
                <p role="status" className="notice">
                  Applied as revision {applied.revision.number}: {applied.summary.join("; ") || "no change"}.{" "}
                  <button
                    type="button"
                    className="link"
                    onClick={() => setParams({ tab: "history", revision: String(applied.revision.number) })}
                  >
                    See it in history
                  </button>
                </p>
              )}
              {isAdmin && draft.dirty && draft.config && draft.base !== undefined && (
                <ChangeBar
                  server={current}
                  draft={{ ...draft, config: draft.config, base: draft.base }}
                  onApplied={(answer) => {
                    setApplied(answer);
                    draft.discard();
                  }}
                />
              )}
              <div className="tabs" role="tablist">
                {TABS.map((t) => (
                  <button
                    key={t.id}
                    type="button"
                    role="tab"
                    aria-selected={tab === t.id}
                    className={tab === t.id ? "active" : "secondary"}
                    onClick={() => setParams({ tab: t.id === "forms" ? null : t.id })}
                  >
                    {t.label}
                  </button>
                ))}
              </div>
              {tab === "forms" &&
                (config.services.length === 0 && !isAdmin ? (
                  <EmptyState title="No traffic policy yet">
                    <p>
                      Routes, weights, fault rules, retries, timeouts, load balancing, circuit breakers,
                      outlier detection, health checks and rate limits for each service are edited here. Every
                      change becomes a versioned revision with a diff, pushed to every proxy over xDS, and can
                      be rolled back in one click.
                    </p>
                    <p>Admins edit; operators and viewers read.</p>
                  </EmptyState>
                ) : (
                  <div className="policy-layout">
                    <ServiceList
                      config={config}
                      selected={selected?.name ?? null}
                      faults={faults}
                      canAdd={isAdmin}
                      onSelect={(name) => setParams({ service: name })}
                      onAdd={(name) => {
                        draft.edit(addService(config, name));
                        setParams({ service: name });
                      }}
                    />
                    <div className="policy-main">
                      {config.services.length === 0 && (
                        <EmptyState title="No traffic policy yet">
                          <p>
                            Add a service on the left to give it routes, weights, faults and policies, or
                            paste a whole config in the YAML tab.
                          </p>
                        </EmptyState>
                      )}
                      {selected && (
                        <>
                          <h2 className="service-title">{selected.name}</h2>
                          {isAdmin ? (
                            <ServiceEditor config={config} service={selected} onChange={draft.edit} />
                          ) : (
                            <ServiceReadOnly service={selected} />
                          )}
                        </>
                      )}
                    </div>
                  </div>
                ))}
              {tab === "yaml" && (
                <YamlEditor
                  config={config}
                  text={draft.yamlText}
                  errors={draft.yamlErrors}
                  editable={isAdmin}
                  onChange={draft.editYaml}
                />
              )}
              {tab === "history" && (
                <RevisionHistory
                  current={current.revision.number}
                  selected={selectedRevision}
                  canRestore={isAdmin}
                  onSelect={(n) => setParams({ revision: n === null ? null : String(n) })}
                />
              )}
            </DraftIssues.Provider>
          );
        }}
      </QueryState>
    </>
  );
}
