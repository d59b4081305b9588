"use client";

import { useState } from "react";
import { sameConfig } from "@/lib/console/policyDraft";
import { diffMeshConfig } from "@/lib/mesh/diff/diffMeshConfig";
import type { MeshConfig } from "@/lib/mesh/schema";
import { type CommitAnswer, type CurrentConfig, useApplyConfig, useDryRun } from "../queries/mesh";
import { ApiProblems } from "./ApiProblems";
import { DryRunPreview } from "./DryRunPreview";
import type { PolicyDraft } from "./usePolicyDraft";

/**
 * The pending change: what differs, problems to fix, then a dry run (diff plus affected proxies and
 * routes) and only then Apply, with a message. Nothing is applied half-way: the server takes the whole
 * config in one revision or refuses it.
 */
export function ChangeBar({
  server,
  draft,
  onApplied,
}: {
  server: CurrentConfig;
  draft: PolicyDraft & { config: MeshConfig; base: number };
  onApplied: (answer: CommitAnswer) => void;
}) {
  const [message, setMessage] = useState("");
  const dryRun = useDryRun();
  const apply = useApplyConfig();
  const summary = diffMeshConfig(server.config, draft.config).summary;
  const errors = draft.check?.errors ?? [];
  const blocked = errors.length > 0 || draft.yamlErrors.length > 0;
  const previewed =
    dryRun.data &&
    dryRun.variables &&
    sameConfig(dryRun.variables.config, draft.config) &&
    dryRun.variables.expectedRevision === draft.base
      ? dryRun.data
      : undefined;
  const newer = server.revision.number !== draft.base;

  return (
    <section className="change-bar panel" aria-label="Pending change">
      <div className="row">
        <strong>Unsaved change</strong>
        <span className="muted">{summary.join("; ") || "no difference from the current revision"}</span>
        <div className="spacer" />
        <button type="button" className="secondary" onClick={draft.discard}>
          Discard
        </button>
      </div>
      {newer && (
        <p className="notice">
          Revision {server.revision.number} was applied after you started editing revision {draft.base}, so
          applying this draft will be refused. Discard it and redo your change.
        </p>
      )}
      {blocked && (
        <div role="alert" className="notice error">
          <p>Fix these before previewing:</p>
          <ul>
            {draft.yamlErrors.map((issue) => (
              <li key={`y${issue.path}${issue.message}`}>
                YAML {issue.line !== undefined ? `line ${issue.line}` : ""}{" "}
                {issue.path && <code>{issue.path}</code>} {issue.message}
              </li>
            ))}
            {errors.slice(0, 20).map((issue) => (
              <li key={`${issue.path}${issue.message}`}>
                <code>{issue.path}</code> {issue.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="row">
        <button
          type="button"
          disabled={blocked || dryRun.isPending}
          onClick={() => dryRun.mutate({ config: draft.config, expectedRevision: draft.base })}
        >
          {dryRun.isPending ? "Checking…" : "Preview changes"}
        </button>
        <input
          aria-label="Change message"
          placeholder="Why? (shown in history)"
          value={message}
          onChange={(event) => setMessage(event.target.value)}
          maxLength={1024}
          style={{ flex: 1 }}
        />
        <button
          type="button"
          disabled={!previewed?.changed || apply.isPending}
          title={previewed ? undefined : "Preview the change first"}
          onClick={() =>
            apply.mutate(
              {
                config: draft.config,
                expectedRevision: draft.base,
                ...(message.trim() ? { message: message.trim() } : {}),
              },
              { onSuccess: onApplied },
            )
          }
        >
          {apply.isPending ? "Applying…" : "Apply"}
        </button>
      </div>
      {dryRun.error && <ApiProblems error={dryRun.error} />}
      {apply.error && <ApiProblems error={apply.error} />}
      {previewed && <DryRunPreview result={previewed} />}
    </section>
  );
}
