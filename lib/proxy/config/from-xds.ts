/**
 * Converts decoded xDS resources into the proxy's compiled ProxyConfig, all or nothing: any error returns
 * the list of errors (for the NACK's error_detail) and no model, so a bad update never half-applies.
 */
import { envoyAnyDecoder } from "../xds/wire/any-decoder";
import { unpackAny } from "./any";
import { parseCluster } from "./cluster";
import type { ClusterConfig, ClusterLoadAssignment } from "./cluster-model";
import { type DiagnosticSink, Diagnostics, newSink } from "./diagnostics";
import { parseClusterLoadAssignment } from "./endpoints";
import type { AnyDecoder } from "./envoy-protos";
import { parseListener } from "./listener";
import type { ListenerConfig, ProxyConfig } from "./model";
import { findMissingReferences } from "./references";
import { parseRouteConfiguration } from "./route-config";
import type { RouteConfig } from "./route-model";
import { isObject, stringField, type XdsObject } from "./xds-values";

export type ResourceKind = "Listener" | "RouteConfiguration" | "Cluster" | "ClusterLoadAssignment";

export const TYPE_URLS: Readonly<Record<ResourceKind, string>> = {
  Listener: "type.googleapis.com/envoy.config.listener.v3.Listener",
  RouteConfiguration: "type.googleapis.com/envoy.config.route.v3.RouteConfiguration",
  Cluster: "type.googleapis.com/envoy.config.cluster.v3.Cluster",
  ClusterLoadAssignment: "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment",
};

interface ModelOf {
  Listener: ListenerConfig;
  RouteConfiguration: RouteConfig;
  Cluster: ClusterConfig;
  ClusterLoadAssignment: ClusterLoadAssignment;
}

/** Each entry: a decoded message, an Any as `{ "@type", ...fields }`, or an Any as `{ type_url, value }`. */
export interface XdsResources {
  readonly listeners?: readonly unknown[];
  readonly routeConfigurations?: readonly unknown[];
  readonly clusters?: readonly unknown[];
  readonly clusterLoadAssignments?: readonly unknown[];
}

export interface FromXdsOptions {
  /** Decodes Any payloads that arrive as bytes; defaults to the Envoy protos in @grpc/grpc-js-xds. */
  readonly decodeAny?: AnyDecoder;
}

export interface XdsError {
  readonly kind: ResourceKind;
  /** Resource name, or "" when the resource has none. */
  readonly name: string;
  readonly message: string;
}

export interface ConvertedResources<K extends ResourceKind> {
  readonly resources: ReadonlyMap<string, ModelOf[K]>;
  readonly errors: readonly XdsError[];
  readonly notes: readonly string[];
}

export type FromXdsResult =
  | {
      readonly ok: true;
      readonly config: ProxyConfig;
      readonly notes: readonly string[];
      readonly missing: readonly string[];
    }
  | { readonly ok: false; readonly errors: readonly XdsError[]; readonly notes: readonly string[] };

export function fromXds(resources: XdsResources, options: FromXdsOptions = {}): FromXdsResult {
  const listeners = convertResources("Listener", resources.listeners ?? [], options);
  const routes = convertResources("RouteConfiguration", resources.routeConfigurations ?? [], options);
  const clusters = convertResources("Cluster", resources.clusters ?? [], options);
  const assignments = convertResources(
    "ClusterLoadAssignment",
    resources.clusterLoadAssignments ?? [],
    options,
  );
  const all = [listeners, routes, clusters, assignments];
  const errors = all.flatMap((c) => c.errors);
  const notes = all.flatMap((c) => c.notes);
  if (errors.length > 0) return { ok: false, errors, notes };
  const config: ProxyConfig = {
    listeners: listeners.resources,
    routeConfigs: routes.resources,
    clusters: clusters.resources,
    loadAssignments: assignments.resources,
  };
  return { ok: true, config, notes, missing: findMissingReferences(config) };
}

/**
 * Converts the resources of one type, as one state-of-the-world DiscoveryResponse carries them; the xDS
 * client ACKs or NACKs each type on its own with this.
 */
export function convertResources<K extends ResourceKind>(
  kind: K,
  list: readonly unknown[],
  options: FromXdsOptions = {},
): ConvertedResources<K> {
  const decode = options.decodeAny ?? envoyAnyDecoder;
  const resources = new Map<string, ModelOf[K]>();
  const errors: XdsError[] = [];
  const notes: string[] = [];
  list.forEach((entry, index) => {
    const sink = newSink();
    const message = unwrap(kind, entry, index, decode, sink);
    const name =
      (message && stringField(message, kind === "ClusterLoadAssignment" ? "cluster_name" : "name")) ?? "";
    let model: ModelOf[K] | undefined;
    try {
      model = message ? (convertOne(kind, message, decode, sink) as ModelOf[K] | undefined) : undefined;
    } catch (err) {
      // A converter bug must become a NACK, never take the proxy down.
      sink.errors.push(
        `${kind} ${name}: cannot be converted: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (model && resources.has(name)) sink.errors.push(`${kind} ${name}: is listed more than once`);
    errors.push(...sink.errors.map((text) => ({ kind, name, message: text })));
    notes.push(...sink.notes);
    if (model && sink.errors.length === 0) resources.set(name, model);
  });
  return { resources, errors, notes };
}

function convertOne(
  kind: ResourceKind,
  o: XdsObject,
  decode: AnyDecoder,
  sink: DiagnosticSink,
): ModelOf[ResourceKind] | undefined {
  switch (kind) {
    case "Listener":
      return parseListener(o, decode, sink);
    case "RouteConfiguration":
      return parseRouteConfiguration(o, decode, sink);
    case "Cluster":
      return parseCluster(o, decode, sink);
    case "ClusterLoadAssignment":
      return parseClusterLoadAssignment(o, sink);
  }
}

/** Top-level resources may still be wrapped in an Any (DiscoveryResponse.resources); check its type. */
function unwrap(
  kind: ResourceKind,
  entry: unknown,
  index: number,
  decode: AnyDecoder,
  sink: DiagnosticSink,
): XdsObject | undefined {
  const d = new Diagnostics(`${kind} [${index}]`, sink);
  if (!isObject(entry)) {
    d.error("is not an object");
    return undefined;
  }
  if (entry["@type"] === undefined && entry.type_url === undefined && entry.typeUrl === undefined)
    return entry;
  const any = unpackAny(entry, decode, d);
  if (!any) return undefined;
  if (
    any.typeUrl !== TYPE_URLS[kind] &&
    any.typeName !== TYPE_URLS[kind].slice(TYPE_URLS[kind].indexOf("/") + 1)
  ) {
    d.error(`has type ${any.typeName}, expected ${TYPE_URLS[kind]}`);
    return undefined;
  }
  if (!any.message) d.error(`cannot decode ${any.typeName}`);
  return any.message;
}
