import type { Listener } from "./envoyTypes";

/**
 * gRPC clients ask for the listener named exactly like their target's authority: `xds:///reviews` asks
 * for "reviews", `xds:///reviews:50051` for "reviews:50051", `xds:///reviews.shop` for "reviews.shop".
 * The translator emits one listener per service, named `<service>`; a snapshot layer that receives a
 * request for a name it does not hold can call this to serve the service's listener under the
 * requested name (the route configuration is shared, and its virtual host already accepts
 * `<service>:*` and `<service>.<namespace>[:*]`).
 *
 * Returns undefined when the name refers to no known service.
 */
export function listenerForTarget(
  listeners: readonly Listener[],
  requested: string,
  namespaces: ReadonlyMap<string, string | undefined> = new Map(),
): Listener | undefined {
  const exact = listeners.find((listener) => listener.name === requested);
  if (exact) return exact;
  const match = /^([a-z][a-z0-9-]*)(?:\.([a-z][a-z0-9-]*))?(?::(\d{1,5}))?$/.exec(requested);
  if (!match) return undefined;
  const [, service = "", namespace, port] = match;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535)) return undefined;
  if (namespace !== undefined && namespaces.get(service) !== namespace) return undefined;
  const listener = listeners.find((candidate) => candidate.name === service);
  return listener ? { ...listener, name: requested } : undefined;
}
