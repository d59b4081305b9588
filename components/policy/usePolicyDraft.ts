"use client";

import { useMemo, useState } from "react";
import { checkDraft, type DraftCheck, sameConfig } from "@/lib/console/policyDraft";
import { type ParseIssue, parseMeshConfig } from "@/lib/mesh/parse";
import type { MeshConfig } from "@/lib/mesh/schema";
import type { CurrentConfig } from "../queries/mesh";

export interface PolicyDraft {
  /** The draft when there is one, otherwise the server's config. */
  config: MeshConfig | undefined;
  /** The revision the draft started from (sent as expectedRevision, so a concurrent change gives 409). */
  base: number | undefined;
  dirty: boolean;
  check: DraftCheck | null;
  /** The YAML view's text while it differs from the draft (being typed, or not parseable yet). */
  yamlText: string | null;
  yamlErrors: ParseIssue[];
  edit: (config: MeshConfig) => void;
  editYaml: (text: string) => void;
  discard: () => void;
}

/**
 * The admin's unsaved edit of the mesh config. Only the edit lives in React state; the server's config
 * stays in React Query. Every change is checked with the mesh model's own schema and validation.
 */
export function usePolicyDraft(server: CurrentConfig | undefined): PolicyDraft {
  const [draft, setDraft] = useState<{ config: MeshConfig; base: number } | null>(null);
  const [yaml, setYaml] = useState<{ text: string; errors: ParseIssue[] } | null>(null);
  const check = useMemo(() => (draft ? checkDraft(draft.config, new Date()) : null), [draft]);
  const base = draft?.base ?? server?.revision.number;

  function edit(config: MeshConfig) {
    if (base === undefined) return;
    setDraft({ config, base });
    setYaml(null);
  }

  function editYaml(text: string) {
    const parsed = parseMeshConfig(text, "yaml");
    setYaml({ text, errors: parsed.ok ? [] : parsed.errors });
    if (parsed.ok && base !== undefined) setDraft({ config: parsed.config, base });
  }

  return {
    config: draft?.config ?? server?.config,
    base,
    dirty:
      draft !== null &&
      server !== undefined &&
      (!sameConfig(draft.config, server.config) || draft.base !== server.revision.number),
    check,
    yamlText: yaml?.text ?? null,
    yamlErrors: yaml?.errors ?? [],
    edit,
    editYaml,
    discard: () => {
      setDraft(null);
      setYaml(null);
    },
  };
}
