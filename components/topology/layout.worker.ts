// Runs the topology layout (filter, group, ELK) off the main thread, so a 500-service graph never
// freezes the page while it is laid out.
import ELK from "elkjs/lib/elk.bundled.js";
import type { GraphLayout } from "@/lib/console/graph/elkInput";
import { layoutGraph } from "@/lib/console/graph/layoutGraph";
import type { Graph, GraphOptions } from "@/lib/console/graph/types";

export interface LayoutRequest {
  id: number;
  graph: Graph;
  options: GraphOptions;
}

export type LayoutReply = { id: number; layout: GraphLayout } | { id: number; error: string };

interface WorkerScope {
  onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null;
  postMessage(message: LayoutReply): void;
}

// ELK's bundle installs its own message handler when it finds itself in a worker; constructing it first
// and assigning ours afterwards keeps ours.
const elk = new ELK();
const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const { id, graph, options } = event.data;
  layoutGraph(graph, options, elk).then(
    (layout) => scope.postMessage({ id, layout }),
    (error: unknown) =>
      scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
  );
};
