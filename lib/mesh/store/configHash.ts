import { createHash } from "node:crypto";
import { canonicalJson } from "../canonical";
import type { MeshConfig } from "../schema";

/** SHA-256 of the canonical JSON: equal configs (whatever their key order) have equal hashes. */
export function configHash(config: MeshConfig): string {
  return createHash("sha256").update(canonicalJson(config)).digest("hex");
}
