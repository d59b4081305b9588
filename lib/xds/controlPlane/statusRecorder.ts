import type pg from "pg";
import type { NodeInfo } from "../node";
import { RESOURCE_KINDS, type ResourceKind } from "../resource-types";
import type { DeliveryStatusBook } from "../stream/delivery-status";
import type { AckEvent, NackEvent, ResponseEvent, XdsHooks } from "../stream/events";
import type { Downgrade } from "../translate/types";
import { touchProxies } from "./queries/heartbeatProxies";
import { type DeliveryRow, upsertDeliveries } from "./queries/upsertDeliveries";
import { type ProxyRow, upsertProxies } from "./queries/upsertProxies";

interface Tracked {
  row: ProxyRow;
  /** Set when the last flush wrote the proxy as disconnected: it can then be forgotten. */
  gone: boolean;
}

export interface StatusRecorderOptions {
  pool: pg.Pool;
  replicaId: string;
  book: DeliveryStatusBook;
  now: () => number;
}

/** True when the proxy contributes an endpoint to EDS (it registered a service and an inbound address). */
export function makesEndpoint(row: Pick<ProxyRow, "service" | "inboundAddress" | "inboundPort">): boolean {
  return row.service !== null && row.inboundAddress !== null && row.inboundPort !== null;
}

/**
 * Persists what the xDS streams report, in batches: proxy rows (registration, connected state,
 * downgrades) and per-type delivery status (sent, ACKed, NACKed). Events only mark a proxy or type dirty;
 * flush() writes each dirty row once with its latest state, in two statements however many events came.
 */
export class ProxyStatusRecorder implements XdsHooks {
  private readonly tracked = new Map<string, Tracked>();
  private readonly dirtyProxies = new Set<string>();
  private readonly dirtyTypes = new Map<string, Set<ResourceKind>>();
  private endpointsChanged = false;

  constructor(private readonly options: StatusRecorderOptions) {}

  connected(node: NodeInfo, downgrades: readonly Downgrade[]): void {
    const at = new Date(this.options.now());
    const row: ProxyRow = {
      nodeId: node.id,
      cluster: node.cluster,
      service: node.service ?? null,
      labels: { ...node.labels },
      inboundAddress: node.inbound?.host ?? null,
      inboundPort: node.inbound?.port ?? null,
      zone: node.zone ?? null,
      clientKind: node.client,
      userAgent: node.userAgent ?? null,
      problems: [...node.problems],
      downgrades,
      connected: true,
      seenAt: at,
      disconnectedAt: null,
    };
    const before = this.tracked.get(node.id)?.row;
    if (makesEndpoint(row) || (before && makesEndpoint(before))) this.endpointsChanged = true;
    this.tracked.set(node.id, { row, gone: false });
    this.dirtyProxies.add(node.id);
  }

  disconnected(nodeId: string): void {
    const tracked = this.tracked.get(nodeId);
    if (!tracked) return;
    const at = new Date(this.options.now());
    tracked.row = { ...tracked.row, connected: false, seenAt: at, disconnectedAt: at };
    if (makesEndpoint(tracked.row)) this.endpointsChanged = true;
    this.dirtyProxies.add(nodeId);
  }

  /** Records the downgrades of what the node is now sent, when they differ from the last recorded. */
  setDowngrades(nodeId: string, downgrades: readonly Downgrade[]): void {
    const tracked = this.tracked.get(nodeId);
    if (!tracked || tracked.row.downgrades === downgrades) return;
    if (JSON.stringify(tracked.row.downgrades) === JSON.stringify(downgrades)) return;
    tracked.row = { ...tracked.row, downgrades };
    this.dirtyProxies.add(nodeId);
  }

  onResponse(event: ResponseEvent): void {
    this.markType(event.nodeId, event.kind);
  }

  onAck(event: AckEvent): void {
    this.markType(event.nodeId, event.kind);
  }

  onNack(event: NackEvent): void {
    this.markType(event.nodeId, event.kind);
  }

  connectedNodeIds(): string[] {
    return [...this.tracked.values()].filter((t) => t.row.connected).map((t) => t.row.nodeId);
  }

  pendingWrites(): number {
    return this.dirtyProxies.size + this.dirtyTypes.size;
  }

  /**
   * Writes everything dirty; resolves true when a written proxy makes (or made) an endpoint, so the
   * registry changed. Call it from one place at a time (the control plane serialises flushes).
   */
  async flush(): Promise<boolean> {
    const proxyIds = [...this.dirtyProxies];
    const types = [...this.dirtyTypes];
    const endpointsChanged = this.endpointsChanged;
    this.dirtyProxies.clear();
    this.dirtyTypes.clear();
    this.endpointsChanged = false;
    const proxies = proxyIds.flatMap((id) => this.tracked.get(id)?.row ?? []);
    const deliveries = types.flatMap(([nodeId, kinds]) => this.deliveryRows(nodeId, kinds));
    try {
      await upsertProxies(this.options.pool, this.options.replicaId, proxies);
      await upsertDeliveries(this.options.pool, deliveries, new Date(this.options.now()));
    } catch (error) {
      // Put the work back so the next flush retries it (the database may be restarting).
      for (const id of proxyIds) this.dirtyProxies.add(id);
      for (const [nodeId, kinds] of types) for (const kind of kinds) this.markType(nodeId, kind);
      this.endpointsChanged ||= endpointsChanged;
      throw error;
    }
    for (const row of proxies) {
      const tracked = this.tracked.get(row.nodeId);
      if (tracked && !tracked.row.connected && !this.dirtyProxies.has(row.nodeId)) {
        this.tracked.delete(row.nodeId);
        this.options.book.forget(row.nodeId);
      }
    }
    return endpointsChanged;
  }

  /** Refreshes last_seen_at of every proxy this replica holds. */
  async heartbeat(): Promise<void> {
    await touchProxies(
      this.options.pool,
      this.options.replicaId,
      this.connectedNodeIds(),
      new Date(this.options.now()),
    );
  }

  private markType(nodeId: string, kind: ResourceKind) {
    let kinds = this.dirtyTypes.get(nodeId);
    if (!kinds) {
      kinds = new Set();
      this.dirtyTypes.set(nodeId, kinds);
    }
    kinds.add(kind);
  }

  private deliveryRows(nodeId: string, kinds: ReadonlySet<ResourceKind>): DeliveryRow[] {
    const delivery = this.options.book.get(nodeId);
    if (!delivery) return [];
    return RESOURCE_KINDS.filter((kind) => kinds.has(kind)).flatMap((kind) => {
      const type = delivery.types[kind];
      if (!type) return [];
      const date = (ms: number | undefined) => (ms === undefined ? null : new Date(ms));
      return [
        {
          nodeId,
          type: kind,
          state: type.state,
          sentVersion: type.sentVersion ?? null,
          sentAt: date(type.sentAt),
          ackedVersion: type.ackedVersion ?? null,
          ackedAt: date(type.ackedAt),
          rejectedVersion: type.failedVersion ?? null,
          rejectedDetail: type.failedDetails ?? null,
          rejectedCode: type.failedCode ?? null,
          rejectedAt: date(type.failedAt),
        },
      ];
    });
  }
}
