import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenForNotifications } from "@/lib/xds/controlPlane/meshNotifications";
import { waitFor } from "../support/meshApi";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";

// The LISTEN side of revision pushes on a real PostgreSQL: notifications arrive on a dedicated connection,
// and when that connection dies (PostgreSQL restart, network) the listener reconnects and says so, so the
// control plane can resync what it missed.

describe("mesh notifications", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("delivers notifications, survives its connection being killed, and reports each (re)connection", async () => {
    const received: (string | undefined)[] = [];
    const lines: string[] = [];
    let connections = 0;
    const listener = listenForNotifications({
      connection: { connectionString: t.url },
      channel: "weft_mesh_test",
      onNotice: (payload) => received.push(payload),
      onConnected: () => (connections += 1),
      log: (line) => lines.push(line),
      minRetryMs: 20,
    });
    try {
      await waitFor(() => connections === 1, "the first connection");
      await t.db.pool.query("SELECT pg_notify('weft_mesh_test', 'revision:1')");
      await t.db.pool.query("SELECT pg_notify('other_channel', 'ignored')");
      await waitFor(() => received.length === 1, "the first notification");

      const killed = await t.db.pool.query(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
          WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
      );
      expect(killed.rows).toEqual([{ ok: true }]);
      await waitFor(() => connections === 2, "the reconnection");
      await t.db.pool.query("SELECT pg_notify('weft_mesh_test', 'registry')");
      await waitFor(() => received.length === 2, "a notification after reconnecting");
      expect(received).toEqual(["revision:1", "registry"]);
      expect(lines[0]).toMatch(/^mesh notifications lost \(.+\); reconnecting$/);
      expect(lines.at(-1)).toBe("mesh notifications restored");
    } finally {
      await listener.close();
    }
  });
});
