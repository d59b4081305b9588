import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { RESOURCE_KINDS, type ResourceKind } from "../resource-types";
import type { Downgrade } from "../translate/types";

export const proxyListQuerySchema = z.object({
  service: z.string().max(256).optional(),
  /** connected: only connected; recent (default): connected or seen within `sinceMinutes`; all. */
  state: z.enum(["connected", "recent", "all"]).default("recent"),
  sinceMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  limit: z.coerce.number().int().min(1).max(5_000).default(1_000),
});
export type ProxyListQuery = z.infer<typeof proxyListQuerySchema>;

export interface TypeDeliveryView {
  state: string;
  sentVersion: string | null;
  sentAt: Date | null;
  ackedVersion: string | null;
  ackedAt: Date | null;
  rejectedVersion: string | null;
  rejectedDetail: string | null;
  rejectedCode: number | null;
  rejectedAt: Date | null;
  /** Features of this type the proxy's client cannot use, and what it gets instead. */
  downgrades: Downgrade[];
}

export interface ProxyView {
  nodeId: string;
  cluster: string;
  service: string | null;
  labels: Record<string, string>;
  inbound: { address: string; port: number } | null;
  zone: string | null;
  client: string;
  userAgent: string | null;
  connected: boolean;
  firstSeenAt: Date;
  lastSeenAt: Date;
  disconnectedAt: Date | null;
  /** Unusable metadata, and a service the mesh config does not know. */
  problems: string[];
  types: Partial<Record<ResourceKind, TypeDeliveryView>>;
}

const TYPE_OF_RESOURCE: Record<string, ResourceKind> = {
  Listener: "listeners",
  RouteConfiguration: "routes",
  Cluster: "clusters",
  ClusterLoadAssignment: "endpoints",
};

/** Every connected or recently seen proxy with its delivery status per resource type. */
export async function listProxies(
  db: Db,
  query: ProxyListQuery,
  context: { knownServices: ReadonlySet<string>; liveWindowMs: number; now?: Date },
): Promise<{ proxies: ProxyView[]; connected: number; truncated: boolean }> {
  const now = context.now ?? new Date();
  const liveSince = new Date(now.getTime() - context.liveWindowMs);
  const seenSince = new Date(now.getTime() - query.sinceMinutes * 60_000);
  const alive = { connected: true, lastSeenAt: { gt: liveSince } };
  const rows = await db.meshProxy.findMany({
    where: {
      service: query.service,
      ...(query.state === "connected" ? alive : {}),
      ...(query.state === "recent" ? { OR: [alive, { lastSeenAt: { gt: seenSince } }] } : {}),
    },
    include: { deliveries: true },
    orderBy: { nodeId: "asc" },
    take: query.limit + 1,
  });
  const proxies = rows.slice(0, query.limit).map((row): ProxyView => {
    const downgrades = Array.isArray(row.downgrades) ? (row.downgrades as unknown as Downgrade[]) : [];
    const problems = Array.isArray(row.problems) ? row.problems.filter((p) => typeof p === "string") : [];
    if (row.service !== null && !context.knownServices.has(row.service)) {
      problems.push(`service "${row.service}" is not in the mesh config; its endpoint is not served`);
    }
    const types: ProxyView["types"] = {};
    for (const delivery of row.deliveries) {
      const kind = RESOURCE_KINDS.find((candidate) => candidate === delivery.type);
      if (!kind) continue;
      types[kind] = {
        state: delivery.state,
        sentVersion: delivery.sentVersion,
        sentAt: delivery.sentAt,
        ackedVersion: delivery.ackedVersion,
        ackedAt: delivery.ackedAt,
        rejectedVersion: delivery.rejectedVersion,
        rejectedDetail: delivery.rejectedDetail,
        rejectedCode: delivery.rejectedCode,
        rejectedAt: delivery.rejectedAt,
        downgrades: downgrades.filter((d) => TYPE_OF_RESOURCE[d.resource.split("/")[0] ?? ""] === kind),
      };
    }
    return {
      nodeId: row.nodeId,
      cluster: row.cluster,
      service: row.service,
      labels: stringRecord(row.labels),
      inbound:
        row.inboundAddress !== null && row.inboundPort !== null
          ? { address: row.inboundAddress, port: row.inboundPort }
          : null,
      zone: row.zone,
      client: row.clientKind,
      userAgent: row.userAgent,
      connected: row.connected && row.lastSeenAt > liveSince,
      firstSeenAt: row.firstSeenAt,
      lastSeenAt: row.lastSeenAt,
      disconnectedAt: row.disconnectedAt,
      problems,
      types,
    };
  });
  return {
    proxies,
    connected: proxies.filter((proxy) => proxy.connected).length,
    truncated: rows.length > query.limit,
  };
}

function stringRecord(value: unknown): Record<string, string> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}
