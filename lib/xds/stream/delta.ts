import type { DeltaDiscoveryRequest, DeltaDiscoveryResponse, DeltaResource } from "../messages";
import {
  allowsWildcard,
  kindOfTypeUrl,
  type ResourceKind,
  TYPE_URLS,
  WILDCARD_NAME,
} from "../resource-types";
import { resourceNamed, type Snapshot } from "../snapshot/snapshot";
import {
  DEFAULT_REQUEST_LIMITS,
  emptyStep,
  type RequestLimits,
  type StreamMachineOptions,
  type StreamStep,
} from "./step";
import type { TypeStatus } from "./type-status";

// Incremental (delta) ADS for one stream, as a pure state machine. Per type it tracks which names the
// client subscribed to and which version of each resource the client holds (from initial_resource_versions
// on reconnect, then from what was sent), and sends only differences: changed resources with their own
// versions, and removed_resources for names that went away (or never existed, so the client need not wait
// for a timeout). Versions sent are assumed held even when NACKed, so a rejected resource is not resent
// until it changes. Subscription changes are incremental and so are applied even from a stale request.

const MAX_OUTSTANDING_NONCES = 64;

interface TypeState {
  kind: ResourceKind;
  wildcard: boolean;
  names: Set<string>;
  held: Map<string, string>;
  announcedAbsent: Set<string>;
  outstanding: Map<string, { version: string; at: number }>;
  sent?: { version: string; nonce: string; at: number };
  answeredNonce?: string;
  acked?: TypeStatus["acked"];
  nacked?: TypeStatus["nacked"];
  responded: boolean;
  responsesSent: number;
  staleRequests: number;
}

export class DeltaStream {
  private readonly types = new Map<ResourceKind, TypeState>();
  private readonly limits: RequestLimits;

  constructor(private readonly options: StreamMachineOptions) {
    this.limits = { ...DEFAULT_REQUEST_LIMITS, ...options.limits };
  }

  handleRequest(
    request: DeltaDiscoveryRequest,
    snapshot: Snapshot | undefined,
  ): StreamStep<DeltaDiscoveryResponse> {
    const step = emptyStep<DeltaDiscoveryResponse>();
    const typeUrl = request.type_url ?? "";
    const kind = kindOfTypeUrl(typeUrl);
    if (!kind) {
      const message =
        typeUrl === ""
          ? "request without type_url ignored (ADS requires it)"
          : `unknown type URL "${typeUrl}" ignored; this server serves ${Object.values(TYPE_URLS).join(", ")}`;
      step.events.push({ type: "problem", ...this.ids(), typeUrl, message, at: this.options.now() });
      return step;
    }
    const subscribe = request.resource_names_subscribe ?? [];
    const unsubscribe = request.resource_names_unsubscribe ?? [];
    const initial = Object.entries(request.initial_resource_versions ?? {});
    const count = subscribe.length + unsubscribe.length + initial.length;
    if (count > this.limits.maxResourceNamesPerRequest) {
      step.fatal = {
        code: "RESOURCE_EXHAUSTED",
        message: `${typeUrl}: the request names ${count} resources; the limit is ${this.limits.maxResourceNamesPerRequest}`,
      };
      return step;
    }

    let state = this.types.get(kind);
    if (!state) {
      state = newTypeState(kind, subscribe.length === 0 && allowsWildcard(kind));
      for (const [name, version] of initial) state.held.set(name, version);
      this.types.set(kind, state);
    }
    applySubscriptionChanges(state, subscribe, unsubscribe);

    const nonce = request.response_nonce ?? "";
    if (nonce !== "") this.recordAnswer(state, nonce, request, step);
    if (!snapshot) return step;
    const response = this.diff(state, snapshot, !state.responded);
    if (response) step.responses.push(response);
    return step;
  }

  /** A new snapshot: send each subscribed type's differences, if any. */
  handleSnapshot(snapshot: Snapshot): StreamStep<DeltaDiscoveryResponse> {
    const step = emptyStep<DeltaDiscoveryResponse>();
    for (const state of this.types.values()) {
      const response = this.diff(state, snapshot, !state.responded);
      if (response) step.responses.push(response);
    }
    return step;
  }

  status(kind: ResourceKind): TypeStatus | undefined {
    const state = this.types.get(kind);
    if (!state) return undefined;
    return {
      kind,
      typeUrl: TYPE_URLS[kind],
      subscription: state.wildcard ? "wildcard" : [...state.names],
      sent: state.sent,
      pending: state.outstanding.size > 0,
      acked: state.acked,
      nacked: state.nacked,
      responsesSent: state.responsesSent,
      staleRequests: state.staleRequests,
    };
  }

  /** Versions the client is believed to hold for a type (for tests and status pages). */
  heldVersions(kind: ResourceKind): ReadonlyMap<string, string> {
    return new Map(this.types.get(kind)?.held);
  }

  private recordAnswer(
    state: TypeState,
    nonce: string,
    request: DeltaDiscoveryRequest,
    step: StreamStep<unknown>,
  ) {
    const answered = state.outstanding.get(nonce);
    if (!answered) {
      state.staleRequests += 1;
      return;
    }
    state.outstanding.delete(nonce);
    state.answeredNonce = nonce;
    const at = this.options.now();
    const facts = {
      ...this.ids(),
      kind: state.kind,
      typeUrl: TYPE_URLS[state.kind],
      version: answered.version,
      nonce,
      at,
    };
    const detail = request.error_detail;
    if (detail) {
      const errorDetail = { code: detail.code ?? 0, message: detail.message ?? "" };
      state.nacked = { version: answered.version, nonce, errorDetail, at };
      step.events.push({ type: "nack", ...facts, errorDetail });
    } else {
      state.acked = { version: answered.version, nonce, at };
      step.events.push({ type: "ack", ...facts });
    }
  }

  /** The response that brings the client's view of this type up to date, or none when it already is. */
  private diff(
    state: TypeState,
    snapshot: Snapshot,
    evenIfEmpty: boolean,
  ): DeltaDiscoveryResponse | undefined {
    const set = snapshot[state.kind];
    const resources: DeltaResource[] = [];
    const removed: string[] = [];
    const inScope = new Set(state.names);
    if (state.wildcard) for (const name of set.resources.keys()) inScope.add(name);
    for (const name of inScope) {
      const resource = resourceNamed(set, name);
      if (resource) {
        state.announcedAbsent.delete(name);
        if (state.held.get(name) === resource.version) continue;
        resources.push({ name, version: resource.version, resource: resource.any });
        state.held.set(name, resource.version);
      } else {
        const wasHeld = state.held.delete(name);
        const subscribed = state.names.has(name);
        if (wasHeld || (subscribed && !state.announcedAbsent.has(name))) removed.push(name);
        if (subscribed) state.announcedAbsent.add(name);
      }
    }
    if (state.wildcard) {
      for (const name of [...state.held.keys()]) {
        if (inScope.has(name)) continue;
        state.held.delete(name);
        removed.push(name);
      }
    }
    if (resources.length === 0 && removed.length === 0 && !evenIfEmpty) return undefined;
    return this.send(state, set.version, resources, removed);
  }

  private send(state: TypeState, version: string, resources: DeltaResource[], removed: string[]) {
    const nonce = this.options.newNonce();
    const at = this.options.now();
    state.outstanding.set(nonce, { version, at });
    if (state.outstanding.size > MAX_OUTSTANDING_NONCES) {
      const oldest = state.outstanding.keys().next();
      if (!oldest.done) state.outstanding.delete(oldest.value);
    }
    state.sent = { version, nonce, at };
    state.responded = true;
    state.responsesSent += 1;
    const response: DeltaDiscoveryResponse = {
      system_version_info: version,
      resources,
      type_url: TYPE_URLS[state.kind],
      removed_resources: removed,
      nonce,
    };
    return response;
  }

  private ids() {
    return { nodeId: this.options.nodeId, streamId: this.options.streamId };
  }
}

function newTypeState(kind: ResourceKind, wildcard: boolean): TypeState {
  return {
    kind,
    wildcard,
    names: new Set(),
    held: new Map(),
    announcedAbsent: new Set(),
    outstanding: new Map(),
    responded: false,
    responsesSent: 0,
    staleRequests: 0,
  };
}

function applySubscriptionChanges(
  state: TypeState,
  subscribe: readonly string[],
  unsubscribe: readonly string[],
) {
  for (const name of subscribe) {
    if (name === WILDCARD_NAME) state.wildcard = true;
    else state.names.add(name);
  }
  for (const name of unsubscribe) {
    if (name === WILDCARD_NAME) {
      state.wildcard = false;
      continue;
    }
    state.names.delete(name);
    state.announcedAbsent.delete(name);
    // Under a wildcard the client still receives the resource, so it still holds it.
    if (!state.wildcard) state.held.delete(name);
  }
  if (!state.wildcard) {
    for (const name of [...state.held.keys()]) if (!state.names.has(name)) state.held.delete(name);
  }
}
