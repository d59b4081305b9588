import { DomainError } from "@/lib/auth/errors";
import { type ConfigFormat, parseMeshConfig } from "../parse";
import { type MeshConfig, meshConfigSchema } from "../schema";
import type { ValidationIssue } from "../validate/issues";
import { validateMeshConfig } from "../validate/validateMeshConfig";
import { describeZodError } from "../zodIssues";

export interface ConfigProblem {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

const SHOWN_IN_MESSAGE = 5;

/** 400 `invalid_config` listing every problem with its path in `details`, and the first few in the message. */
export function invalidConfig(problems: readonly ConfigProblem[]): DomainError {
  const shown = problems
    .slice(0, SHOWN_IN_MESSAGE)
    .map((problem) => (problem.path ? `${problem.path}: ${problem.message}` : problem.message));
  const more = problems.length > SHOWN_IN_MESSAGE ? `; and ${problems.length - SHOWN_IN_MESSAGE} more` : "";
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return new DomainError(
    400,
    "invalid_config",
    `the mesh config has ${count}, nothing was applied: ${shown.join("; ")}${more}`,
    problems,
  );
}

/** A YAML or JSON document, parsed and schema-checked, with positions in the errors. */
export function parseConfigDocument(text: string, format: ConfigFormat): MeshConfig {
  const parsed = parseMeshConfig(text, format);
  if (!parsed.ok) throw invalidConfig(parsed.errors);
  return parsed.config;
}

/**
 * Everything a config must pass before it becomes a revision: the schema (again, for configs built by
 * edits) and validateMeshConfig. Warnings are returned; errors throw invalidConfig.
 */
export function checkConfig(input: unknown, now: Date): { config: MeshConfig; warnings: ValidationIssue[] } {
  const parsed = meshConfigSchema.safeParse(input);
  if (!parsed.success) throw invalidConfig(describeZodError(parsed.error));
  const result = validateMeshConfig(parsed.data, { now });
  if (!result.ok) throw invalidConfig(result.errors);
  return { config: parsed.data, warnings: result.warnings };
}
