"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { layoutKeyFor } from "@/lib/console/graph/layoutGraph";
import { restoreLayout, snapshotLayout } from "@/lib/console/graph/layoutSnapshot";
import type { Graph, GraphOptions } from "@/lib/console/graph/types";
import { layoutOffThread } from "./layoutClient";
import { loadLayout, saveLayout } from "./layoutStore";

export const layoutKeys = {
  all: ["topology-layout"] as const,
  layout: (structure: string, options: GraphOptions) => [...layoutKeys.all, structure, options] as const,
};

/**
 * The graph's layout, cached by structure: a refresh that only changes rates reuses the positions, so
 * nothing jumps; a new service or edge lays the graph out again (showing the old one meanwhile). Recent
 * layouts are also kept in localStorage, so a revisit skips the layout entirely.
 */
export function useGraphLayout(graph: Graph | undefined, options: GraphOptions) {
  const structure = useMemo(() => (graph ? layoutKeyFor(graph, options) : null), [graph, options]);
  return useQuery({
    queryKey: layoutKeys.layout(structure ?? "", options),
    queryFn: async () => {
      const saved = restoreLayout(loadLayout(structure ?? ""), graph!, options);
      if (saved) return saved;
      const layout = await layoutOffThread(graph!, options);
      saveLayout(snapshotLayout(layout));
      return layout;
    },
    enabled: graph !== undefined && structure !== null,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 5 * 60_000,
    retry: false,
    placeholderData: keepPreviousData,
  });
}
