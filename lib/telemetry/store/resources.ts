// Resource attributes are stored once per distinct set (telemetry_resources) and referenced by id, since
// every span and point of one process carries the same ones. The id is derived from the content, so any
// replica computes the same id without asking the database.

import { createHash } from "node:crypto";
import type { Attributes } from "../rows";

export interface ResourceRecord {
  /** First 16 bytes of the SHA-256 of `json`. */
  id: Buffer;
  /** The id in hex, as a map key. */
  key: string;
  json: string;
}

// Rows decoded from one resource share one attributes object, so hashing once per object is enough.
const byObject = new WeakMap<Attributes, ResourceRecord>();

export function resourceRecordOf(attributes: Attributes): ResourceRecord {
  let record = byObject.get(attributes);
  if (record === undefined) {
    const json = JSON.stringify(attributes);
    const id = createHash("sha256").update(json).digest().subarray(0, 16);
    record = { id, key: id.toString("hex"), json };
    byObject.set(attributes, record);
  }
  return record;
}

/** The distinct resources of one batch, in id order (a fixed order keeps concurrent upserts deadlock-free). */
export class ResourceSet {
  private readonly records = new Map<string, ResourceRecord>();

  add(attributes: Attributes): Buffer {
    const record = resourceRecordOf(attributes);
    if (!this.records.has(record.key)) this.records.set(record.key, record);
    return record.id;
  }

  list(): ResourceRecord[] {
    return [...this.records.values()].sort((a, b) => Buffer.compare(a.id, b.id));
  }
}
