/**
 * Pure translation of the mesh config plus the endpoint registry into per-node Envoy xDS v3 resources.
 * Protocol, snapshots and the gRPC server live elsewhere in lib/xds.
 */
export { type ClientCapabilities, capabilitiesOf } from "./capabilities";
export {
  type ChangeKind,
  compareResources,
  type ResourceChange,
  type ResourceTypeName,
} from "./compareResources";
export { type ConsistencyProblem, checkConsistency } from "./consistency";
export type * from "./envoyTypes";
export { listenerForTarget } from "./listenerTargets";
export { clusterName, DEFAULT_ROUTE_NAME, HTTP_FILTER_NAMES } from "./names";
export { translateForNode } from "./translateForNode";
export type * from "./types";
export { messageName, TYPE_URLS } from "./typeUrls";
