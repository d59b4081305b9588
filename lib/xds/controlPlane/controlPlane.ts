import type pg from "pg";
import type { MeshConfig } from "@/lib/mesh/schema";
import type { NodeInfo } from "../node";
import { SnapshotCache } from "../snapshot/cache";
import { DeliveryStatusBook } from "../stream/delivery-status";
import { combineHooks, type XdsHooks } from "../stream/events";
import type { ClientKind, RegistryEndpoint } from "../translate/types";
import { listenForNotifications, type NotificationListener } from "./meshNotifications";
import { translationNode } from "./nodeAdapter";
import { latestRevisionNumber, loadLatestRevision } from "./queries/latestRevision";
import { loadRegistryRows } from "./queries/loadRegistry";
import { registryView } from "./registry";
import { type ControlPlaneSettings, MESH_CHANNEL, parseMeshNotice } from "./settings";
import { nextFaultExpiry, PlanError, SnapshotPlanner } from "./snapshotPlanner";
import { StatusPersistence } from "./statusPersistence";
import { ProxyStatusRecorder } from "./statusRecorder";
import { Timers } from "./timers";

export interface ControlPlaneOptions {
  pool: pg.Pool;
  replicaId: string;
  settings: ControlPlaneSettings;
  log: (line: string) => void;
  now?: () => number;
}

interface Pending {
  revision: boolean;
  registry: boolean;
  time: boolean;
}

/**
 * Keeps every connected node's snapshot in step with the current revision and the registry. Changes
 * arrive as PostgreSQL notifications (from any replica, this one included), as registry writes, or as a
 * fault's expiry; they are debounced, the inputs reloaded, and each node's snapshot replaced. The cache
 * pushes only to nodes whose versions changed.
 */
export class ControlPlane {
  readonly cache = new SnapshotCache();
  readonly book = new DeliveryStatusBook();
  readonly recorder: ProxyStatusRecorder;
  private readonly persistence: StatusPersistence;
  private readonly nodes = new Map<string, { node: NodeInfo; streams: number }>();
  private readonly timers = new Timers();
  private readonly now: () => number;
  private planner = new SnapshotPlanner({ config: { services: [] }, registry: [], now: new Date(0) });
  private revision = 0;
  private registryKey = "[]";
  private pending: Pending = { revision: false, registry: false, time: false };
  private refreshing: Promise<void> | undefined;
  private closed = false;
  private failedPlans = new Set<ClientKind>();
  private notifications: NotificationListener | undefined;

  constructor(private readonly options: ControlPlaneOptions) {
    this.now = options.now ?? Date.now;
    this.recorder = new ProxyStatusRecorder({
      pool: options.pool,
      replicaId: options.replicaId,
      book: this.book,
      now: this.now,
    });
    this.persistence = new StatusPersistence({
      pool: options.pool,
      recorder: this.recorder,
      settings: options.settings,
      log: options.log,
      onAnnounceFailed: () => this.request({ registry: true }),
    });
  }

  /** Loads the current revision and registry, then follows changes. */
  async start(): Promise<void> {
    const { pool, settings } = this.options;
    const latest = await loadLatestRevision(pool);
    const registry = registryView(
      await loadRegistryRows(pool, settings.endpointGraceMs, settings.liveWindowMs),
    );
    this.revision = latest.number;
    this.applyInputs(latest.config, registry.endpoints, registry.nextExpiryMs);
    this.notifications = listenForNotifications({
      connection: pool.options,
      channel: MESH_CHANNEL,
      log: this.options.log,
      onNotice: (payload) => {
        const notice = parseMeshNotice(payload);
        if (notice?.kind === "revision" && notice.number > this.revision) this.request({ revision: true });
        if (notice?.kind === "registry") this.request({ registry: true });
      },
      onConnected: () => this.request({ revision: true, registry: true }),
    });
    this.persistence.start(this.timers);
    this.timers.every(settings.resyncMs, () => this.request({ revision: true, registry: true }));
  }

  /** What this replica is doing, for the status endpoint and benchmarks. */
  stats() {
    const byClient: Record<string, number> = {};
    for (const { node } of this.nodes.values()) byClient[node.client] = (byClient[node.client] ?? 0) + 1;
    return {
      replicaId: this.options.replicaId,
      revision: this.revision,
      connectedProxies: this.nodes.size,
      connectedByClient: byClient,
      registryEndpoints: this.planner.current.registry.length,
      pendingStatusWrites: this.recorder.pendingWrites(),
    };
  }

  /** The hooks to give startXdsServer: delivery status, persistence, and snapshots on connect. */
  hooks(): XdsHooks {
    return combineHooks(this.book, this.recorder, {
      onConnect: (node) => this.onConnect(node),
      onDisconnect: (node) => this.onDisconnect(node),
    });
  }

  /** A revision committed by this process: served at once, without waiting for its notification. */
  acceptRevision(number: number, config: MeshConfig): void {
    // After the API answer is on its way: pushing to thousands of streams should not delay it.
    setImmediate(() => {
      if (this.closed || number <= this.revision) return;
      this.revision = number;
      this.applyInputs(config, this.planner.current.registry, undefined);
      this.publishAll();
    });
  }

  /** Asks for a reload of some inputs; requests within the debounce window are served together. */
  request(what: Partial<Pending>): void {
    if (this.closed) return;
    this.pending = {
      revision: this.pending.revision || (what.revision ?? false),
      registry: this.pending.registry || (what.registry ?? false),
      time: this.pending.time || (what.time ?? false),
    };
    this.timers.debounce("refresh", this.options.settings.debounceMs, () => void this.runRefresh());
  }

  /** Writes pending status, stops timers and the notification listener. */
  async close(): Promise<void> {
    this.closed = true;
    this.timers.clear();
    await this.notifications?.close();
    await this.refreshing?.catch(() => undefined);
    // The last disconnects, so other replicas drop this one's endpoints after the grace period.
    await this.persistence.close();
  }

  private onConnect(node: NodeInfo): void {
    const entry = this.nodes.get(node.id);
    if (entry) {
      entry.node = node;
      entry.streams += 1;
    } else {
      this.nodes.set(node.id, { node, streams: 1 });
    }
    // Synchronously, so the stream's first request is answered from this snapshot.
    this.recorder.connected(node, this.publish(node) ?? []);
  }

  private onDisconnect(node: NodeInfo): void {
    const entry = this.nodes.get(node.id);
    if (!entry) return;
    entry.streams -= 1;
    if (entry.streams > 0) return;
    this.nodes.delete(node.id);
    this.cache.delete(node.id);
    this.recorder.disconnected(node.id);
  }

  /** Sets a node's snapshot from the current plan; returns its downgrades, or undefined if unplannable. */
  private publish(node: NodeInfo) {
    try {
      const plan = this.planner.planFor(translationNode(node));
      this.cache.set(node.id, plan.snapshot);
      this.failedPlans.delete(node.client);
      return plan.downgrades;
    } catch (error) {
      if (!this.failedPlans.has(node.client)) {
        this.failedPlans.add(node.client);
        const message = error instanceof PlanError ? error.message : String(error);
        this.options.log(`xds: keeping the last good snapshots: ${message}`);
      }
      return undefined;
    }
  }

  private async runRefresh(): Promise<void> {
    if (this.refreshing) {
      // A refresh is running: run again once it ends (pending flags are kept until then).
      await this.refreshing.catch(() => undefined);
      if (this.isRefreshing()) return;
    }
    const what = this.pending;
    this.pending = { revision: false, registry: false, time: false };
    if (!what.revision && !what.registry && !what.time) return;
    this.refreshing = this.refresh(what)
      .catch((error: unknown) => {
        this.options.log(`xds: reloading the mesh failed (${String(error)}); retrying`);
        this.timers.once("retry", 1_000, () => this.request(what));
      })
      .finally(() => {
        this.refreshing = undefined;
      });
    await this.refreshing;
  }

  private isRefreshing(): boolean {
    return this.refreshing !== undefined;
  }

  private async refresh(what: Pending): Promise<void> {
    const { pool, settings } = this.options;
    let loaded: Awaited<ReturnType<typeof loadLatestRevision>> | undefined;
    if (what.revision && (await latestRevisionNumber(pool)) > this.revision) {
      loaded = await loadLatestRevision(pool);
    }
    let view: ReturnType<typeof registryView> | undefined;
    if (what.registry) {
      view = registryView(await loadRegistryRows(pool, settings.endpointGraceMs, settings.liveWindowMs));
    }
    // Decided only after the last await: acceptRevision() may have installed a newer revision meanwhile,
    // and revision numbers only grow (the table is append-only), so an older one never replaces it.
    const newRevision = loaded !== undefined && loaded.number > this.revision ? loaded : undefined;
    const newRegistry = view !== undefined && JSON.stringify(view.endpoints) !== this.registryKey;
    if (!newRevision && !newRegistry && !what.time) {
      this.scheduleGraceExpiry(view?.nextExpiryMs);
      return;
    }
    if (newRevision) this.revision = newRevision.number;
    this.applyInputs(
      newRevision?.config ?? this.planner.current.config,
      view?.endpoints ?? this.planner.current.registry,
      view?.nextExpiryMs,
    );
    this.publishAll();
  }

  private publishAll(): void {
    for (const { node } of this.nodes.values()) {
      const downgrades = this.publish(node);
      if (downgrades) this.recorder.setDowngrades(node.id, downgrades);
    }
  }

  private applyInputs(
    config: MeshConfig,
    registry: readonly RegistryEndpoint[],
    nextGraceExpiryMs: number | undefined,
  ) {
    const now = new Date(this.now());
    this.planner.setInputs({ config, registry, now });
    this.registryKey = JSON.stringify(registry);
    this.failedPlans.clear();
    this.scheduleGraceExpiry(nextGraceExpiryMs);
    const expiry = nextFaultExpiry(config, now);
    if (expiry)
      this.timers.once("fault", expiry.getTime() - now.getTime() + 1, () => this.request({ time: true }));
    else this.timers.cancel("fault");
  }

  private scheduleGraceExpiry(inMs: number | undefined) {
    if (inMs === undefined) return;
    // A little after the expiry, so the database agrees that the endpoint has gone.
    this.timers.once("grace", inMs + 50, () => this.request({ registry: true }));
  }
}
