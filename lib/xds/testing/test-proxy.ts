import type * as grpc from "@grpc/grpc-js";
import type { DiscoveryResponse, NodeMessage, ValueMessage } from "../messages";
import { decodeAny } from "../protos";
import { RESOURCE_KINDS, type ResourceKind, TYPE_URLS } from "../resource-types";
import { type AdsStream, adsClient, openSotwStream } from "./ads-client";

// A simulated sidecar for tests: one SotW ADS stream that registers a service instance through node
// metadata, subscribes like Envoy (LDS/CDS wildcard, RDS/EDS by name), ACKs every response unless told
// to NACK the next one of a type, and keeps the latest resources of each type decoded.

export interface TestProxyIdentity {
  id: string;
  service?: string;
  labels?: Record<string, string>;
  /** "ip:port" of the instance's inbound listener: registering it makes an endpoint. */
  inbound?: string;
  client?: string;
  zone?: string;
}

export interface Received {
  version: string;
  nonce: string;
  resources: Record<string, unknown>[];
}

const str = (value: string): ValueMessage => ({ kind: "stringValue", stringValue: value });

export function nodeMessage(identity: TestProxyIdentity): NodeMessage {
  const fields: Record<string, ValueMessage> = {};
  if (identity.service) fields.service = str(identity.service);
  if (identity.inbound) fields.inbound = str(identity.inbound);
  if (identity.client) fields.client = str(identity.client);
  if (identity.labels) {
    const labels = Object.fromEntries(Object.entries(identity.labels).map(([k, v]) => [k, str(v)]));
    fields.labels = { kind: "structValue", structValue: { fields: labels } };
  }
  return {
    id: identity.id,
    cluster: identity.service ?? "",
    metadata: { fields },
    ...(identity.zone ? { locality: { zone: identity.zone } } : {}),
  };
}

export class TestProxy {
  readonly received: Partial<Record<ResourceKind, Received>> = {};
  private readonly nackNext = new Map<ResourceKind, string>();
  private readonly waiters = new Set<() => void>();
  readonly client: grpc.Client;
  readonly stream: AdsStream<import("../messages").DiscoveryRequest, DiscoveryResponse>;

  constructor(
    target: string,
    readonly identity: TestProxyIdentity,
    private readonly names: { routes: string[]; endpoints: string[] },
    private readonly autoAck = true,
  ) {
    this.client = adsClient(target);
    this.stream = openSotwStream(this.client);
    this.stream.onResponse((response) => this.onResponse(response));
    this.stream.send({ node: nodeMessage(identity), type_url: TYPE_URLS.listeners, resource_names: [] });
    this.stream.send({ type_url: TYPE_URLS.clusters, resource_names: [] });
    this.stream.send({ type_url: TYPE_URLS.routes, resource_names: names.routes });
    this.stream.send({ type_url: TYPE_URLS.endpoints, resource_names: names.endpoints });
  }

  /** The next response of this type is NACKed with `message` (then ACKing resumes). */
  rejectNext(kind: ResourceKind, message: string): void {
    this.nackNext.set(kind, message);
  }

  /** Resolves with the latest resources of a type once `accept` holds for them. */
  waitFor(
    kind: ResourceKind,
    accept: (received: Received) => boolean,
    timeoutMs = 20_000,
  ): Promise<Received> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const latest = this.received[kind];
        if (!latest || !accept(latest)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(latest);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `${this.identity.id}: no ${kind} matching in ${timeoutMs} ms; last ${JSON.stringify(this.received[kind])}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  close(): void {
    this.stream.close();
    this.client.close();
  }

  private onResponse(response: DiscoveryResponse) {
    const kind = RESOURCE_KINDS.find((candidate) => TYPE_URLS[candidate] === response.type_url);
    if (!kind) return;
    const rejection = this.nackNext.get(kind);
    if (this.autoAck || rejection !== undefined) {
      this.nackNext.delete(kind);
      this.stream.send({
        type_url: response.type_url,
        version_info: rejection === undefined ? response.version_info : (this.received[kind]?.version ?? ""),
        response_nonce: response.nonce,
        resource_names: kind === "routes" || kind === "endpoints" ? this.names[kind] : [],
        ...(rejection !== undefined ? { error_detail: { code: 3, message: rejection } } : {}),
      });
    }
    if (rejection !== undefined) return;
    this.received[kind] = {
      version: response.version_info,
      nonce: response.nonce,
      resources: response.resources.map(decodeAny),
    };
    for (const check of [...this.waiters]) check();
  }
}

/** The endpoints ("ip:port") of one ClusterLoadAssignment in a received EDS response. */
export function endpointsOf(received: Received | undefined, cluster: string): string[] {
  const assignment = received?.resources.find((resource) => resource.cluster_name === cluster) as
    | {
        endpoints?: {
          lb_endpoints?: {
            endpoint: { address: { socket_address: { address: string; port_value: number } } };
          }[];
        }[];
      }
    | undefined;
  return (assignment?.endpoints ?? [])
    .flatMap((locality) => locality.lb_endpoints ?? [])
    .map(
      ({ endpoint }) =>
        `${endpoint.address.socket_address.address}:${endpoint.address.socket_address.port_value}`,
    )
    .sort();
}
