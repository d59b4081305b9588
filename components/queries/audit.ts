"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { apiFetch } from "./apiClient";

export interface AuditFilters {
  actor?: string;
  action?: string;
  target?: string;
  from?: string;
  to?: string;
}

export interface AuditRow {
  id: string;
  at: string;
  actorType: string;
  actorName: string;
  action: string;
  target: string | null;
  ip: string | null;
  summary: string;
  before: unknown;
  after: unknown;
}

export const auditKeys = {
  all: ["audit"] as const,
  list: (filters: AuditFilters) => [...auditKeys.all, "list", filters] as const,
};

export function useAuditEvents(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
      if (pageParam) params.set("before", pageParam);
      return apiFetch<{ events: AuditRow[]; nextBefore: string | null }>(`/api/v1/audit?${params}`);
    },
    getNextPageParam: (last) => last.nextBefore,
  });
}
