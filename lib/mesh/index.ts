/**
 * The mesh model: one set of zod schemas (API, CLI, forms, YAML loader, xDS translator), validation
 * beyond the schema, parsing with positions, and structured diffs. Pure and browser-safe; the sample
 * loader in samples/ reads files and is for servers and tests only.
 */
export * from "./canonical";
export { type DiffEntry, diffMeshConfig, type MeshDiff } from "./diff/diffMeshConfig";
export { summarizeDiff } from "./diff/summarizeDiff";
export * from "./duration";
export { isIpLiteral, isIpv4Literal, isIpv6Literal } from "./ip";
export { type ConfigFormat, type ParseIssue, type ParseResult, parseMeshConfig } from "./parse";
export { formatPath, joinPath, type PathSegment } from "./path";
export { checkRe2, type Re2Check } from "./re2/checkRe2";
export { destinationKey, effectiveWeight, isCatchAll } from "./rules";
export * from "./schema";
export { DURATION_RANGES } from "./validate/durations";
export type { ValidationIssue, ValidationResult } from "./validate/issues";
export { type ValidateOptions, validateMeshConfig } from "./validate/validateMeshConfig";
export { describeZodError, describeZodIssue, type PathMessage } from "./zodIssues";
