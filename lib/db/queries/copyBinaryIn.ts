import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

/** Streams binary COPY data (header to end marker) into `COPY ... FROM STDIN (FORMAT binary)`. */
export async function copyBinaryIn(client: pg.ClientBase, statement: string, data: Buffer): Promise<number> {
  const stream = client.query(copyFrom(statement));
  await pipeline(Readable.from([data]), stream);
  return stream.rowCount;
}
