import pg from "pg";

export interface NotificationListenerOptions {
  /** Connection settings of the pool; the listener holds one dedicated connection outside it. */
  connection: pg.ClientConfig;
  channel: string;
  onNotice: (payload: string | undefined) => void;
  /** Called after every (re)connection: notifications sent while disconnected were lost, so resync. */
  onConnected: () => void;
  log: (line: string) => void;
  /** Reconnection back-off bounds. */
  minRetryMs?: number;
  maxRetryMs?: number;
}

export interface NotificationListener {
  close(): Promise<void>;
}

/**
 * LISTENs on a channel with a dedicated connection (a pooled one could be handed to someone else) and
 * reconnects with exponential back-off when the connection fails, e.g. while PostgreSQL restarts.
 */
export function listenForNotifications(options: NotificationListenerOptions): NotificationListener {
  const minRetryMs = options.minRetryMs ?? 100;
  const maxRetryMs = options.maxRetryMs ?? 5_000;
  let client: pg.Client | undefined;
  let closed = false;
  let retryMs = minRetryMs;
  let retryTimer: NodeJS.Timeout | undefined;
  let failures = 0;

  const scheduleReconnect = () => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, retryMs);
    retryMs = Math.min(maxRetryMs, retryMs * 2);
  };

  const connect = async () => {
    const next = new pg.Client({ ...options.connection, connectionTimeoutMillis: 10_000 });
    client = next;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      next.removeAllListeners("notification");
      next.end().catch(() => undefined);
      if (closed) return;
      failures += 1;
      // One line per outage, not one per retry.
      if (failures === 1) options.log(`mesh notifications lost (${describe(error)}); reconnecting`);
      scheduleReconnect();
    };
    next.on("error", fail);
    next.on("end", () => fail(new Error("connection ended")));
    next.on("notification", (message) => {
      if (message.channel === options.channel) options.onNotice(message.payload);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${pg.escapeIdentifier(options.channel)}`);
    } catch (error) {
      fail(error);
      return;
    }
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    if (failures > 0) options.log("mesh notifications restored");
    failures = 0;
    retryMs = minRetryMs;
    options.onConnected();
  };

  void connect();
  return {
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      await client?.end().catch(() => undefined);
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
