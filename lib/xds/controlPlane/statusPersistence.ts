import type pg from "pg";
import { notifyMesh, sweepProxies } from "./queries/heartbeatProxies";
import { type ControlPlaneSettings, MESH_CHANNEL } from "./settings";
import type { ProxyStatusRecorder } from "./statusRecorder";
import type { Timers } from "./timers";

export interface StatusPersistenceOptions {
  pool: pg.Pool;
  recorder: ProxyStatusRecorder;
  settings: ControlPlaneSettings;
  log: (line: string) => void;
  /** When announcing fails, the local control plane must still reload the registry. */
  onAnnounceFailed: () => void;
}

/**
 * The database side of the registry: batched status writes on a timer, the heartbeat that keeps this
 * replica's proxies alive (and marks a dead replica's proxies gone), and the NOTIFY that tells every
 * replica the registry changed. One flush at a time; a failed flush keeps its work for the next.
 */
export class StatusPersistence {
  private flushing = false;

  constructor(private readonly options: StatusPersistenceOptions) {}

  start(timers: Timers): void {
    timers.every(this.options.settings.flushIntervalMs, () => this.flush());
    timers.every(this.options.settings.heartbeatMs, () => this.heartbeat());
  }

  async flush(): Promise<void> {
    if (this.flushing || this.options.recorder.pendingWrites() === 0) return;
    this.flushing = true;
    try {
      if (await this.options.recorder.flush()) await this.announce("registry");
    } catch (error) {
      this.options.log(`xds: writing proxy status failed (${String(error)}); will retry`);
    } finally {
      this.flushing = false;
    }
  }

  /** Waits for a running flush, then writes what is left (the last disconnects, on shutdown). */
  async close(): Promise<void> {
    while (this.flushing) await new Promise((resolve) => setTimeout(resolve, 10));
    await this.flush();
  }

  private async heartbeat(): Promise<void> {
    const { pool, settings } = this.options;
    try {
      await this.options.recorder.heartbeat();
      const gone = await sweepProxies(pool, settings.liveWindowMs, settings.retentionMs);
      if (gone > 0) await this.announce("registry");
    } catch (error) {
      this.options.log(`xds: proxy heartbeat failed (${String(error)})`);
    }
  }

  /** Tells every replica (this one included, through its own LISTEN) that an input changed. */
  private async announce(payload: string): Promise<void> {
    try {
      await notifyMesh(this.options.pool, MESH_CHANNEL, payload);
    } catch (error) {
      this.options.log(`xds: notifying other replicas failed (${String(error)})`);
      this.options.onAnnounceFailed();
    }
  }
}
