"use client";

import type { GraphLayout } from "@/lib/console/graph/elkInput";
import { layoutGraph } from "@/lib/console/graph/layoutGraph";
import type { Graph, GraphOptions } from "@/lib/console/graph/types";
import type { LayoutReply, LayoutRequest } from "./layout.worker";

let worker: Worker | null = null;
let sequence = 0;
const pending = new Map<number, { resolve: (layout: GraphLayout) => void; reject: (error: Error) => void }>();

function getWorker(): Worker | null {
  if (worker || typeof Worker === "undefined") return worker;
  try {
    worker = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
  } catch {
    return null;
  }
  worker.onmessage = (event: MessageEvent<LayoutReply>) => {
    const reply = event.data;
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if ("error" in reply) waiter.reject(new Error(reply.error));
    else waiter.resolve(reply.layout);
  };
  worker.onerror = (event) => {
    for (const waiter of pending.values()) waiter.reject(new Error(event.message || "layout worker failed"));
    pending.clear();
    worker?.terminate();
    worker = null;
  };
  return worker;
}

/** Starts the worker (and its copy of ELK) early, while the topology is still being fetched. */
export function prewarmLayoutWorker(): void {
  getWorker();
}

/** Lays a graph out in the shared web worker (or, where workers are unavailable, on this thread). */
export async function layoutOffThread(graph: Graph, options: GraphOptions): Promise<GraphLayout> {
  const target = getWorker();
  if (!target) {
    const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
    return layoutGraph(graph, options, new ELK());
  }
  const id = ++sequence;
  const started = performance.now();
  return new Promise<GraphLayout>((resolve, reject) => {
    pending.set(id, {
      resolve: (layout) => {
        // Visible in the browser's performance timeline, for diagnosing slow graphs.
        performance.measure(`topology layout ${layout.key}`, { start: started, end: performance.now() });
        resolve(layout);
      },
      reject,
    });
    const request: LayoutRequest = { id, graph, options };
    target.postMessage(request);
  });
}
