import type { DiscoveryRequest, DiscoveryResponse } from "../messages";
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

// State-of-the-world ADS for one stream, as a pure state machine: requests and snapshots in, responses and
// ACK/NACK events out. The rules (xDS protocol, "ACK/NACK and resource type instance version"):
// - a request without a nonce asks for the current resources;
// - a request whose response_nonce is not the latest nonce sent for its type is stale and ignored;
// - the latest nonce without error_detail ACKs that response's version, with error_detail NACKs it;
// - a version is sent at most once per subscription: a NACKed version is only followed by a new one.

type Subscription = "wildcard" | ReadonlySet<string>;

interface TypeState {
  kind: ResourceKind;
  subscription: Subscription;
  sent?: { version: string; nonce: string; at: number; subscriptionKey: string };
  answeredNonce?: string;
  acked?: TypeStatus["acked"];
  nacked?: TypeStatus["nacked"];
  responsesSent: number;
  staleRequests: number;
}

export class SotwStream {
  private readonly types = new Map<ResourceKind, TypeState>();
  private readonly limits: RequestLimits;

  constructor(private readonly options: StreamMachineOptions) {
    this.limits = { ...DEFAULT_REQUEST_LIMITS, ...options.limits };
  }

  handleRequest(request: DiscoveryRequest, snapshot: Snapshot | undefined): StreamStep<DiscoveryResponse> {
    const step = emptyStep<DiscoveryResponse>();
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
    const names = request.resource_names ?? [];
    if (names.length > this.limits.maxResourceNamesPerRequest) {
      step.fatal = {
        code: "RESOURCE_EXHAUSTED",
        message: `${typeUrl}: resource_names has ${names.length} entries; the limit is ${this.limits.maxResourceNamesPerRequest}`,
      };
      return step;
    }
    const existing = this.types.get(kind);
    const nonce = request.response_nonce ?? "";
    if (existing?.sent && nonce !== "" && nonce !== existing.sent.nonce) {
      existing.staleRequests += 1;
      return step;
    }
    const state = existing ?? { kind, subscription: new Set<string>(), responsesSent: 0, staleRequests: 0 };
    state.subscription = nextSubscription(kind, state.subscription, names, existing === undefined);
    this.types.set(kind, state);

    const answersLatest = state.sent !== undefined && nonce === state.sent.nonce;
    if (answersLatest) {
      this.recordAnswer(state, nonce, request, step);
      const subscriptionChanged = subscriptionKey(state.subscription) !== state.sent?.subscriptionKey;
      if (snapshot && (subscriptionChanged || snapshot[kind].version !== state.sent?.version)) {
        step.responses.push(this.respond(state, snapshot));
      }
      return step;
    }
    // No nonce (or one from before this stream answered anything): a fresh request for this type.
    const clientVersion = request.version_info ?? "";
    if (snapshot && clientVersion !== "" && clientVersion === snapshot[kind].version && !state.sent) {
      this.recordReconnect(state, clientVersion, step);
      return step;
    }
    if (snapshot) step.responses.push(this.respond(state, snapshot));
    return step;
  }

  /** A new snapshot: resend every requested type whose version differs from what this stream last sent. */
  handleSnapshot(snapshot: Snapshot): StreamStep<DiscoveryResponse> {
    const step = emptyStep<DiscoveryResponse>();
    for (const state of this.types.values()) {
      if (state.sent?.version === snapshot[state.kind].version) continue;
      step.responses.push(this.respond(state, snapshot));
    }
    return step;
  }

  status(kind: ResourceKind): TypeStatus | undefined {
    const state = this.types.get(kind);
    if (!state) return undefined;
    const { sent } = state;
    return {
      kind,
      typeUrl: TYPE_URLS[kind],
      subscription: state.subscription === "wildcard" ? "wildcard" : [...state.subscription],
      sent: sent && { version: sent.version, nonce: sent.nonce, at: sent.at },
      pending: sent !== undefined && sent.nonce !== "" && state.answeredNonce !== sent.nonce,
      acked: state.acked,
      nacked: state.nacked,
      responsesSent: state.responsesSent,
      staleRequests: state.staleRequests,
    };
  }

  private recordAnswer(
    state: TypeState,
    nonce: string,
    request: DiscoveryRequest,
    step: StreamStep<unknown>,
  ) {
    // A client may repeat the latest nonce (e.g. to change its subscription); the answer counts once.
    if (state.answeredNonce === nonce || !state.sent) return;
    state.answeredNonce = nonce;
    const at = this.options.now();
    const facts = {
      ...this.ids(),
      kind: state.kind,
      typeUrl: TYPE_URLS[state.kind],
      version: state.sent.version,
      nonce,
      at,
    };
    const detail = request.error_detail;
    if (detail) {
      const errorDetail = { code: detail.code ?? 0, message: detail.message ?? "" };
      state.nacked = { version: facts.version, nonce, errorDetail, at };
      step.events.push({ type: "nack", ...facts, errorDetail });
    } else {
      state.acked = { version: facts.version, nonce, at };
      step.events.push({ type: "ack", ...facts });
    }
  }

  /** The client reconnected already holding the current version: nothing to send, and it counts as ACKed. */
  private recordReconnect(state: TypeState, version: string, step: StreamStep<unknown>) {
    const at = this.options.now();
    state.sent = { version, nonce: "", at, subscriptionKey: subscriptionKey(state.subscription) };
    state.answeredNonce = "";
    state.acked = { version, nonce: "", at };
    step.events.push({
      type: "ack",
      ...this.ids(),
      kind: state.kind,
      typeUrl: TYPE_URLS[state.kind],
      version,
      nonce: "",
      at,
    });
  }

  private respond(state: TypeState, snapshot: Snapshot): DiscoveryResponse {
    const set = snapshot[state.kind];
    const resources =
      state.subscription === "wildcard"
        ? [...set.resources.values()]
        : [...state.subscription].flatMap((name) => resourceNamed(set, name) ?? []);
    const nonce = this.options.newNonce();
    const at = this.options.now();
    state.sent = { version: set.version, nonce, at, subscriptionKey: subscriptionKey(state.subscription) };
    state.responsesSent += 1;
    return {
      version_info: set.version,
      resources: resources.map((resource) => resource.any),
      type_url: TYPE_URLS[state.kind],
      nonce,
    };
  }

  private ids() {
    return { nodeId: this.options.nodeId, streamId: this.options.streamId };
  }
}

/**
 * LDS/CDS: an empty first request, or "*", means every resource (Envoy keeps sending empty lists while it
 * stays a wildcard subscriber). Explicit names (grpc-js-xds names its listener) mean just those names.
 */
function nextSubscription(
  kind: ResourceKind,
  current: Subscription,
  names: readonly string[],
  isFirstRequest: boolean,
): Subscription {
  if (names.includes(WILDCARD_NAME)) return "wildcard";
  if (names.length === 0 && allowsWildcard(kind) && (isFirstRequest || current === "wildcard"))
    return "wildcard";
  // Every ACK repeats the names; keeping the same set keeps its cached key.
  if (current !== "wildcard" && sameNames(current, names)) return current;
  return new Set(names);
}

function sameNames(current: ReadonlySet<string>, names: readonly string[]): boolean {
  if (current.size !== names.length) return false;
  for (const name of names) if (!current.has(name)) return false;
  return true;
}

const subscriptionKeys = new WeakMap<ReadonlySet<string>, string>();

function subscriptionKey(subscription: Subscription): string {
  if (subscription === "wildcard") return WILDCARD_NAME;
  let key = subscriptionKeys.get(subscription);
  if (key === undefined) {
    key = [...subscription].sort().join("\n");
    subscriptionKeys.set(subscription, key);
  }
  return key;
}
