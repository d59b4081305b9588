/**
 * Golden files: the translated resources of each scenario in __fixtures__/cases.ts are compared with
 * __golden__/<case>.json. After an intended change to the translation, regenerate them with
 *
 *   UPDATE_GOLDEN=1 npx vitest run --project unit lib/xds/translate
 *
 * and review the JSON diff before committing. Without UPDATE_GOLDEN a missing or different file fails.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { validateMeshConfig } from "@/lib/mesh/validate/validateMeshConfig";
import { translationCases } from "./__fixtures__/cases";
import { checkConsistency } from "./consistency";
import { translateForNode } from "./translateForNode";

const GOLDEN_DIR = fileURLToPath(new URL("./__golden__/", import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === "1";

describe("translateForNode golden files", () => {
  for (const testCase of translationCases()) {
    it(testCase.name, () => {
      expect(validateMeshConfig(testCase.config).errors).toEqual([]);
      const node = { id: `node-${testCase.name}`, capabilities: { client: testCase.client } };
      const result = translateForNode(testCase.config, testCase.registry, node, testCase.now);
      expect(checkConsistency(result)).toEqual([]);
      const actual = `${JSON.stringify(result, null, 2)}\n`;
      const file = `${GOLDEN_DIR}${testCase.name}.json`;
      if (UPDATE) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(file, actual);
        return;
      }
      if (!existsSync(file))
        throw new Error(`missing golden file ${file}; run with UPDATE_GOLDEN=1 to create it`);
      expect(actual).toBe(readFileSync(file, "utf8"));
    });
  }

  it("is deterministic: the same inputs give byte-equal output", () => {
    const [first] = translationCases();
    if (!first) throw new Error("no cases");
    const node = { id: "a", capabilities: { client: first.client } };
    const once = JSON.stringify(translateForNode(first.config, first.registry, node, first.now));
    const reordered = { ...first.config, services: [...first.config.services].reverse() };
    const twice = JSON.stringify(translateForNode(reordered, [...first.registry].reverse(), node, first.now));
    expect(twice).toBe(once);
  });
});
