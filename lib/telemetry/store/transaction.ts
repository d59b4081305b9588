import type pg from "pg";

/**
 * Runs `work` in one transaction on a pooled connection. A connection that failed is destroyed instead of
 * returned to the pool, so that the next user does not inherit a broken one (e.g. after a PostgreSQL restart).
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release(failure);
  }
}
