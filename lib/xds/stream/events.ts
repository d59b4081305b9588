import type { NodeInfo } from "../node";
import type { ResourceKind } from "../resource-types";

// What the stream state machines report, and the hooks through which the server hands it on to the
// registry/persistence layer. Times are epoch milliseconds from the injected clock.

interface DeliveryFacts {
  nodeId: string;
  streamId: string;
  kind: ResourceKind;
  typeUrl: string;
  /** The version the client accepted or rejected: the version_info of the response it answered. */
  version: string;
  /** The nonce of the response it answered ("" when a reconnecting client already had the version). */
  nonce: string;
  at: number;
}

export interface AckEvent extends DeliveryFacts {
  type: "ack";
}

export interface NackEvent extends DeliveryFacts {
  type: "nack";
  errorDetail: { code: number; message: string };
}

/** A request the stream ignored (unknown type URL, malformed field); the stream carries on. */
export interface ProblemEvent {
  type: "problem";
  nodeId: string;
  streamId: string;
  typeUrl: string;
  message: string;
  at: number;
}

export type StreamEvent = AckEvent | NackEvent | ProblemEvent;

export interface ResponseEvent {
  nodeId: string;
  streamId: string;
  kind: ResourceKind;
  typeUrl: string;
  version: string;
  nonce: string;
  resourceCount: number;
  removedCount: number;
  at: number;
}

export type StreamVariant = "sotw" | "delta";

export interface StreamInfo {
  id: string;
  variant: StreamVariant;
  peer: string;
  openedAt: number;
}

export interface DisconnectInfo {
  /** "client" when the client ended the stream, "error" for a stream ended with a status, "server" on close. */
  cause: "client" | "error" | "server";
  code?: number;
  message?: string;
  at: number;
}

/** Everything a consumer may observe; each hook is optional and a throwing hook never breaks a stream. */
export interface XdsHooks {
  onConnect?(node: NodeInfo, stream: StreamInfo): void;
  onDisconnect?(node: NodeInfo, stream: StreamInfo, info: DisconnectInfo): void;
  onAck?(event: AckEvent): void;
  onNack?(event: NackEvent): void;
  onProblem?(event: ProblemEvent): void;
  onResponse?(event: ResponseEvent): void;
}

/**
 * Calls every hook set in turn. A hook that throws does not stop the others; the first error is rethrown
 * after all have run, so the caller can report it.
 */
export function combineHooks(...all: XdsHooks[]): XdsHooks {
  const each = (call: (hooks: XdsHooks) => void) => {
    let firstError: unknown;
    for (const hooks of all) {
      try {
        call(hooks);
      } catch (error) {
        firstError ??= error;
      }
    }
    if (firstError !== undefined) throw firstError;
  };
  return {
    onConnect: (node, stream) => each((hooks) => hooks.onConnect?.(node, stream)),
    onDisconnect: (node, stream, info) => each((hooks) => hooks.onDisconnect?.(node, stream, info)),
    onAck: (event) => each((hooks) => hooks.onAck?.(event)),
    onNack: (event) => each((hooks) => hooks.onNack?.(event)),
    onProblem: (event) => each((hooks) => hooks.onProblem?.(event)),
    onResponse: (event) => each((hooks) => hooks.onResponse?.(event)),
  };
}
