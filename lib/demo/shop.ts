/** The demo shop as data: which instances run, what they call, and how they speak. */

export type ShopService = "web" | "catalog" | "cart" | "pricing" | "reviews" | "ratings";

export interface ShopInstance {
  service: ShopService;
  /** Instance labels, also the OpenTelemetry service.version (subsets select on `version`). */
  version: string;
  protocol: "http" | "grpc";
}

export const SHOP_INSTANCES: readonly ShopInstance[] = [
  { service: "web", version: "v1", protocol: "http" },
  { service: "catalog", version: "v1", protocol: "http" },
  { service: "cart", version: "v1", protocol: "http" },
  { service: "pricing", version: "v1", protocol: "grpc" },
  { service: "reviews", version: "v1", protocol: "http" },
  { service: "reviews", version: "v2", protocol: "http" },
  { service: "reviews", version: "v3", protocol: "http" },
  { service: "ratings", version: "v1", protocol: "http" },
];

/** The uninstrumented callee: catalog's CLIENT spans name it, nobody answers them, so it shows as external. */
export const INVENTORY_DB = "inventory-db";

export function instanceName(instance: ShopInstance): string {
  return `${instance.service}-${instance.version}`;
}

/** Paths the load generator mixes, with their relative frequency. */
export const LOAD_MIX: readonly { path: string; weight: number }[] = [
  { path: "/product/", weight: 6 },
  { path: "/cart/", weight: 3 },
  { path: "/", weight: 1 },
];

/** Picks a path from the mix for a draw in [0, 1); ids keep hash-based balancing busy. */
export function pickLoadPath(draw: number, id: number): string {
  const total = LOAD_MIX.reduce((sum, entry) => sum + entry.weight, 0);
  let point = draw * total;
  for (const entry of LOAD_MIX) {
    if (point < entry.weight) return entry.path === "/" ? "/" : `${entry.path}${id}`;
    point -= entry.weight;
  }
  return "/";
}
