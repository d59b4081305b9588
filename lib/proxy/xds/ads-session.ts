/**
 * The client side of state-of-the-world ADS as a pure state machine: responses in, ACK/NACK and
 * subscription requests out, plus the accepted configuration. LDS and CDS are wildcard subscriptions; RDS
 * follows the route names the accepted listeners use and EDS the clusters' EDS service names.
 *
 * Rules followed (xDS protocol, "ACK/NACK and resource type instance version"): an ACK echoes the response's
 * version and nonce; a NACK echoes the nonce with the last accepted version and an error_detail, and the
 * rejected update changes nothing; a new stream re-sends the subscriptions with the accepted versions (and
 * no nonce), so a control plane that still has those versions sends nothing new.
 */

import type { DiscoveryRequest, DiscoveryResponse, NodeMessage } from "@/lib/xds/messages";
import type { ClusterConfig } from "../config/cluster-model";
import { type ResourceKind, TYPE_URLS } from "../config/from-xds";
import type { ProxyConfig } from "../config/model";
import { type ModelOf, SUBSCRIBE_ORDER } from "./models";
import { applyUpdate, type ResourceDecoder, type ResourceEntry, retainNames } from "./resource-state";

/** google.rpc.Code INVALID_ARGUMENT, what Envoy sends in a NACK. */
const INVALID_ARGUMENT = 3;
/** error_detail messages are cut here so a NACK stays small. */
const MAX_DETAIL_CHARS = 4096;

export interface Rejection {
  readonly version: string;
  readonly nonce: string;
  readonly message: string;
  readonly at: number;
}

interface TypeState<K extends ResourceKind> {
  readonly kind: K;
  readonly wildcard: boolean;
  names: ReadonlySet<string>;
  /** Version of the accepted entries ("" before the first accept). */
  version: string;
  /** Latest nonce received on the current stream. */
  nonce: string;
  entries?: ReadonlyMap<string, ResourceEntry<ModelOf[K]>>;
  acceptedAt?: number;
  rejected?: Rejection;
  accepts: number;
  rejects: number;
}

type States = { [K in ResourceKind]: TypeState<K> };

export interface ResponseOutcome {
  readonly kind?: ResourceKind;
  readonly result: "accepted" | "rejected" | "ignored";
  /** Requests to send, in order: the ACK or NACK, then any subscription changes it caused. */
  readonly requests: DiscoveryRequest[];
  /** True when the active configuration changed. */
  readonly changed: boolean;
  readonly errors?: readonly string[];
}

export interface AdsSessionOptions {
  readonly node: NodeMessage;
  readonly decode: ResourceDecoder;
  readonly now: () => number;
}

export class AdsSession {
  private readonly states: States;
  private nodeSent = false;

  constructor(private readonly options: AdsSessionOptions) {
    const state = <K extends ResourceKind>(kind: K, wildcard: boolean): TypeState<K> => ({
      kind,
      wildcard,
      names: new Set(),
      version: "",
      nonce: "",
      accepts: 0,
      rejects: 0,
    });
    this.states = {
      Listener: state("Listener", true),
      Cluster: state("Cluster", true),
      RouteConfiguration: state("RouteConfiguration", false),
      ClusterLoadAssignment: state("ClusterLoadAssignment", false),
    };
  }

  /** The requests that open a stream: every subscription, with the versions already accepted. */
  startStream(): DiscoveryRequest[] {
    this.nodeSent = false;
    for (const kind of SUBSCRIBE_ORDER) this.states[kind].nonce = "";
    return SUBSCRIBE_ORDER.filter(
      (kind) => this.states[kind].wildcard || this.states[kind].names.size > 0,
    ).map((kind) => this.request(kind));
  }

  handleResponse(response: DiscoveryResponse): ResponseOutcome {
    const kind = SUBSCRIBE_ORDER.find((k) => TYPE_URLS[k] === response.type_url);
    if (!kind) return { result: "ignored", requests: [], changed: false };
    return this.handle(kind, response);
  }

  private handle<K extends ResourceKind>(kind: K, response: DiscoveryResponse): ResponseOutcome {
    const state = this.states[kind] as TypeState<K>;
    state.nonce = response.nonce;
    const update = applyUpdate(
      kind,
      response.resources,
      state.entries,
      this.options.decode,
      state.wildcard ? undefined : state.names,
    );
    if (!update.ok) {
      const message = truncate(update.errors.join("; "));
      state.rejected = {
        version: response.version_info,
        nonce: response.nonce,
        message,
        at: this.options.now(),
      };
      state.rejects += 1;
      return {
        kind,
        result: "rejected",
        requests: [this.request(kind, { code: INVALID_ARGUMENT, message })],
        changed: false,
        errors: update.errors,
      };
    }
    const firstAccept = state.entries === undefined;
    state.entries = update.entries;
    state.version = response.version_info;
    state.acceptedAt = this.options.now();
    state.accepts += 1;
    const requests = [this.request(kind)];
    if (kind === "Listener") this.resubscribe("RouteConfiguration", this.routeNames(), requests);
    if (kind === "Cluster") this.resubscribe("ClusterLoadAssignment", this.edsNames(), requests);
    return { kind, result: "accepted", requests, changed: update.changed || firstAccept };
  }

  private resubscribe<K extends "RouteConfiguration" | "ClusterLoadAssignment">(
    kind: K,
    names: Set<string>,
    out: DiscoveryRequest[],
  ) {
    const state = this.states[kind] as TypeState<K>;
    if (sameSet(state.names, names)) return;
    state.names = names;
    if (state.entries) state.entries = retainNames(state.entries, names);
    out.push(this.request(kind));
  }

  private routeNames(): Set<string> {
    const names = new Set<string>();
    for (const entry of this.states.Listener.entries?.values() ?? []) {
      const rds = entry.model.http.rdsName;
      if (rds !== undefined) names.add(rds);
    }
    return names;
  }

  private edsNames(): Set<string> {
    const names = new Set<string>();
    for (const entry of this.states.Cluster.entries?.values() ?? []) {
      const cluster: ClusterConfig = entry.model;
      if (cluster.discovery === "eds") names.add(cluster.edsServiceName);
    }
    return names;
  }

  private request(kind: ResourceKind, errorDetail?: { code: number; message: string }): DiscoveryRequest {
    const state = this.states[kind];
    const request: DiscoveryRequest = {
      version_info: state.version,
      resource_names: state.wildcard ? [] : [...state.names].sort(),
      type_url: TYPE_URLS[kind],
      response_nonce: state.nonce,
    };
    if (errorDetail) request.error_detail = errorDetail;
    if (!this.nodeSent) {
      request.node = this.options.node;
      this.nodeSent = true;
    }
    return request;
  }

  /** The active configuration: the accepted resources of every type. */
  config(): ProxyConfig {
    const models = <K extends ResourceKind>(kind: K): Map<string, ModelOf[K]> =>
      new Map(
        [...((this.states[kind] as TypeState<K>).entries?.values() ?? [])].map((e) => [e.name, e.model]),
      );
    return {
      listeners: models("Listener"),
      routeConfigs: models("RouteConfiguration"),
      clusters: models("Cluster"),
      loadAssignments: models("ClusterLoadAssignment"),
    };
  }

  /**
   * Initial configuration received: listeners and clusters accepted, and the routes and endpoints they
   * name accepted at least once (a type nobody references is ready at once).
   */
  ready(): boolean {
    return SUBSCRIBE_ORDER.every((kind) => {
      const state = this.states[kind];
      return state.entries !== undefined || (!state.wildcard && state.names.size === 0);
    });
  }

  /** Per-type status for /config_dump and /stats. */
  status(): TypeStatus[] {
    return SUBSCRIBE_ORDER.map((kind) => {
      const s = this.states[kind];
      return {
        kind,
        typeUrl: TYPE_URLS[kind],
        subscription: s.wildcard ? "*" : [...s.names].sort(),
        version: s.version,
        ...(s.acceptedAt !== undefined && { acceptedAt: s.acceptedAt }),
        ...(s.rejected && { rejected: s.rejected }),
        accepts: s.accepts,
        rejects: s.rejects,
        resources: [...(s.entries?.values() ?? [])].map((e) => ({ name: e.name, resource: e.object })),
      };
    });
  }
}

export interface TypeStatus {
  readonly kind: ResourceKind;
  readonly typeUrl: string;
  readonly subscription: "*" | readonly string[];
  readonly version: string;
  readonly acceptedAt?: number;
  readonly rejected?: Rejection;
  readonly accepts: number;
  readonly rejects: number;
  readonly resources: readonly { readonly name: string; readonly resource: unknown }[];
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function truncate(text: string): string {
  return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS - 1)}…` : text;
}
