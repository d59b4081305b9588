"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { DiffEntry } from "@/lib/mesh/diff/diffMeshConfig";
import type { MeshConfig } from "@/lib/mesh/schema";
import type { DryRunResult } from "@/lib/mesh/store/dryRun";
import type { RevisionDetail, RevisionInfo } from "@/lib/mesh/store/revisionTypes";
import type { ValidationIssue } from "@/lib/mesh/validate/issues";
import type { ProxyView } from "@/lib/xds/controlPlane/proxyList";
import { apiFetch } from "./apiClient";
import { queryString, type Wire } from "./wire";

// Server state from the control-plane API (docs/control-plane.md): the current config, revisions,
// dry-runs and changes, and the proxies' delivery status.

export type Revision = Wire<RevisionInfo>;
export type RevisionWithConfig = Wire<RevisionDetail>;
export type DryRun = Wire<DryRunResult>;
export type ProxyInfo = Wire<ProxyView>;

export interface CurrentConfig {
  revision: Revision;
  config: MeshConfig;
}

/** What every write answers (lib/mesh/api/responses.ts commitBody). */
export interface CommitAnswer {
  changed: boolean;
  revision: Revision;
  previousRevision: number;
  summary: string[];
  diff: DiffEntry[];
  warnings: ValidationIssue[];
}

export const meshKeys = {
  all: ["mesh"] as const,
  config: () => [...meshKeys.all, "config"] as const,
  revisions: (limit: number) => [...meshKeys.all, "revisions", limit] as const,
  revision: (number: number) => [...meshKeys.all, "revision", number] as const,
  proxies: (state: string, service: string | null) => ["proxies", state, service] as const,
};

export function useMeshConfig(refetchInterval: number | false = false) {
  return useQuery({
    queryKey: meshKeys.config(),
    queryFn: () => apiFetch<CurrentConfig>("/api/v1/config"),
    refetchInterval,
  });
}

/** The newest revisions (for history and for change markers on charts). */
export function useRevisions(limit = 200, refetchInterval: number | false = false) {
  return useQuery({
    queryKey: meshKeys.revisions(limit),
    queryFn: () =>
      apiFetch<{ revisions: Revision[]; nextBefore: number | null }>(
        `/api/v1/revisions${queryString({ limit })}`,
      ),
    refetchInterval,
  });
}

export function useRevision(number: number | null) {
  return useQuery({
    queryKey: meshKeys.revision(number ?? -1),
    queryFn: () =>
      apiFetch<{ revision: RevisionWithConfig }>(`/api/v1/revisions/${number}`).then((r) => r.revision),
    enabled: number !== null,
    // A revision never changes once written.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export interface ConfigChange {
  config: MeshConfig;
  expectedRevision: number;
  message?: string;
}

export function useDryRun() {
  return useMutation({
    mutationFn: (change: ConfigChange) =>
      apiFetch<DryRun>("/api/v1/config/dry-run", {
        method: "POST",
        body: { config: change.config, expectedRevision: change.expectedRevision },
      }),
  });
}

function useInvalidateMesh() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: meshKeys.all });
}

export function useApplyConfig() {
  const invalidate = useInvalidateMesh();
  return useMutation({
    mutationFn: (change: ConfigChange) =>
      apiFetch<CommitAnswer>("/api/v1/config", { method: "PUT", body: change }),
    onSuccess: invalidate,
  });
}

export function useRestoreRevision() {
  const invalidate = useInvalidateMesh();
  return useMutation({
    mutationFn: (input: { number: number; expectedRevision: number; message?: string }) =>
      apiFetch<CommitAnswer>(`/api/v1/revisions/${input.number}/restore`, {
        method: "POST",
        body: {
          expectedRevision: input.expectedRevision,
          ...(input.message ? { message: input.message } : {}),
        },
      }),
    onSuccess: invalidate,
  });
}

/** The operators' kill switch: every fault removed in one revision. */
export function useClearAllFaults() {
  const invalidate = useInvalidateMesh();
  return useMutation({
    mutationFn: (message: string) =>
      apiFetch<CommitAnswer & { removed: { service: string; rule: string }[] }>("/api/v1/faults/clear-all", {
        method: "POST",
        body: { message },
      }),
    onSuccess: invalidate,
  });
}

export function useProxies(
  state: "connected" | "recent" | "all",
  refetchInterval: number | false,
  service: string | null = null,
) {
  return useQuery({
    queryKey: meshKeys.proxies(state, service),
    queryFn: () =>
      apiFetch<{ revision: number; proxies: ProxyInfo[]; connected: number; truncated: boolean }>(
        `/api/v1/proxies${queryString({ state, service })}`,
      ),
    refetchInterval,
  });
}
