import type { StreamEvent } from "./events";

/** Bounds on what one request may ask for; the server adds transport bounds (message size, queue). */
export interface RequestLimits {
  maxResourceNamesPerRequest: number;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = { maxResourceNamesPerRequest: 10_000 };

/** A request that ends the stream: the gRPC status name and a message for the client. */
export interface StreamFatal {
  code: "INVALID_ARGUMENT" | "RESOURCE_EXHAUSTED";
  message: string;
}

/** What a state machine asks its shell to do after one input. */
export interface StreamStep<Response> {
  responses: Response[];
  events: StreamEvent[];
  fatal?: StreamFatal;
}

export interface StreamMachineOptions {
  nodeId: string;
  streamId: string;
  /** A fresh, unguessable nonce for every response (never derived from the version). */
  newNonce: () => string;
  now: () => number;
  limits?: Partial<RequestLimits>;
}

export function emptyStep<Response>(): StreamStep<Response> {
  return { responses: [], events: [] };
}
