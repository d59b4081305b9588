import { type ServerDuplexStream, status } from "@grpc/grpc-js";
import type { NodeMessage } from "./messages";
import { type NodeInfo, parseNode } from "./node";
import type { SnapshotCache } from "./snapshot/cache";
import type { Snapshot } from "./snapshot/snapshot";
import type { DisconnectInfo, ResponseEvent, StreamEvent, StreamInfo, XdsHooks } from "./stream/events";
import type { StreamStep } from "./stream/step";

// The shell around one ADS call: identifies the node from the first request, feeds requests and snapshot
// changes to the pure state machine, writes its responses and reports its events. All socket concerns live
// here: a bounded queue of unflushed responses, and a status with a clear message when a stream must end.

export interface StreamMachine<Req, Res> {
  handleRequest(request: Req, snapshot: Snapshot | undefined): StreamStep<Res>;
  handleSnapshot(snapshot: Snapshot): StreamStep<Res>;
}

export type StreamResponseFacts = Omit<ResponseEvent, "nodeId" | "streamId" | "at">;

export interface StreamShellContext<Req, Res> {
  info: StreamInfo;
  cache: SnapshotCache;
  hooks: XdsHooks;
  maxQueuedResponses: number;
  now: () => number;
  createMachine: (nodeId: string) => StreamMachine<Req, Res>;
  describeResponse: (response: Res) => StreamResponseFacts;
  callHook: (name: string, call: () => void) => void;
  onClosed: () => void;
}

export interface StreamShell {
  /** Ends the stream from the server side (shutdown). */
  end(code: status, message: string): void;
}

export function serveStream<Req extends { node?: NodeMessage | null }, Res>(
  call: ServerDuplexStream<Req, Res>,
  context: StreamShellContext<Req, Res>,
): StreamShell {
  const { cache, hooks, info, callHook } = context;
  let node: NodeInfo | undefined;
  let machine: StreamMachine<Req, Res> | undefined;
  let stopWatching: (() => void) | undefined;
  let closed = false;
  let unflushed = 0;
  let snapshotDeferred = false;

  const close = (disconnect: Omit<DisconnectInfo, "at">) => {
    if (closed) return;
    closed = true;
    stopWatching?.();
    context.onClosed();
    const closedNode = node;
    if (closedNode) {
      callHook("onDisconnect", () =>
        hooks.onDisconnect?.(closedNode, info, { ...disconnect, at: context.now() }),
      );
    }
  };

  const fail = (code: status, message: string, cause: DisconnectInfo["cause"] = "error") => {
    if (closed) return;
    close({ cause, code, message });
    call.emit("error", { code, details: message });
  };

  const report = (events: StreamEvent[]) => {
    for (const event of events) {
      if (event.type === "ack") callHook("onAck", () => hooks.onAck?.(event));
      else if (event.type === "nack") callHook("onNack", () => hooks.onNack?.(event));
      else callHook("onProblem", () => hooks.onProblem?.(event));
    }
  };

  const write = (response: Res) => {
    if (unflushed >= context.maxQueuedResponses) {
      fail(
        status.RESOURCE_EXHAUSTED,
        `${unflushed} responses are waiting to be read; the client is not reading`,
      );
      return;
    }
    unflushed += 1;
    call.write(response, () => {
      unflushed -= 1;
      if (unflushed === 0 && snapshotDeferred) {
        snapshotDeferred = false;
        const latest = node && cache.get(node.id);
        if (latest) pushSnapshot(latest);
      }
    });
    const event = {
      nodeId: node?.id ?? "",
      streamId: info.id,
      at: context.now(),
      ...context.describeResponse(response),
    };
    callHook("onResponse", () => hooks.onResponse?.(event));
  };

  const apply = (step: StreamStep<Res>) => {
    report(step.events);
    if (step.fatal) {
      fail(status[step.fatal.code], step.fatal.message);
      return;
    }
    for (const response of step.responses) {
      if (closed) return;
      write(response);
    }
  };

  // While responses are unflushed, snapshot pushes wait and then send only the latest state: a slow client
  // costs one pending flag, not a queue that grows with every change.
  const pushSnapshot = (snapshot: Snapshot) => {
    if (closed || !machine) return;
    if (unflushed > 0) {
      snapshotDeferred = true;
      return;
    }
    apply(machine.handleSnapshot(snapshot));
  };

  call.on("data", (request: Req) => {
    if (closed) return;
    if (!node || !machine) {
      const parsed = parseNode(request.node);
      if (!parsed.ok) {
        fail(status.INVALID_ARGUMENT, parsed.message);
        return;
      }
      const connected = parsed.node;
      node = connected;
      machine = context.createMachine(connected.id);
      callHook("onConnect", () => hooks.onConnect?.(connected, info));
      stopWatching = cache.watch(connected.id, (snapshot) => pushSnapshot(snapshot));
    } else if (request.node?.id && request.node.id !== node.id) {
      fail(
        status.INVALID_ARGUMENT,
        `node.id changed on an open stream ("${node.id}" -> "${request.node.id}")`,
      );
      return;
    }
    apply(machine.handleRequest(request, cache.get(node.id)));
  });
  call.on("end", () => {
    close({ cause: "client" });
    call.end();
  });
  call.on("cancelled", () => close({ cause: "client", message: "cancelled" }));
  call.on("close", () => close({ cause: "client" }));
  call.on("error", () => close({ cause: "error" }));

  return { end: (code, message) => fail(code, message, "server") };
}
