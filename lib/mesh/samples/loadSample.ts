import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseMeshConfig } from "../parse";
import type { MeshConfig } from "../schema";

/** Server-side only (reads a file). The names of the YAML samples in this folder. */
export type SampleName = "shop";

export function sampleText(name: SampleName): string {
  return readFileSync(fileURLToPath(new URL(`./${name}.yaml`, import.meta.url)), "utf8");
}

/** Parses a bundled sample; throws if it does not match the schema (a bug in the sample). */
export function loadSample(name: SampleName): MeshConfig {
  const result = parseMeshConfig(sampleText(name), "yaml");
  if (!result.ok) {
    const details = result.errors.map((error) => `${error.path}: ${error.message}`).join("; ");
    throw new Error(`sample ${name} is invalid: ${details}`);
  }
  return result.config;
}
