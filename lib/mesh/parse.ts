import { type Document, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import type { PathSegment } from "./path";
import { LIMITS, type MeshConfig, meshConfigSchema } from "./schema";
import { describeZodIssue } from "./zodIssues";

export type ConfigFormat = "yaml" | "json";

/** A syntax error (with position) or a schema error (with path, and a position when it can be found). */
export interface ParseIssue {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export type ParseResult = { ok: true; config: MeshConfig } | { ok: false; errors: ParseIssue[] };

/**
 * Parses a mesh config document. Syntax errors come first and alone, as "line:column message"; then
 * schema errors with paths in the `services[2].routes[0].timeout` format. Cross-reference checks are
 * validateMeshConfig's job.
 */
export function parseMeshConfig(text: string, format: ConfigFormat): ParseResult {
  if (text.length > LIMITS.documentBytes) {
    return {
      ok: false,
      errors: [{ path: "", message: `document is larger than ${LIMITS.documentBytes} bytes` }],
    };
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  let data: unknown;
  if (format === "json") {
    const parsed = parseJson(text, lines, document);
    if (!parsed.ok) return parsed;
    data = parsed.value;
  } else {
    if (document.errors.length > 0) {
      return {
        ok: false,
        errors: document.errors.map((error) => positioned(error.message, lines, error.pos[0])),
      };
    }
    try {
      data = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // The yaml library refuses alias bombs ("billion laughs") here.
      return {
        ok: false,
        errors: [{ path: "", message: error instanceof Error ? error.message : String(error) }],
      };
    }
  }
  const result = meshConfigSchema.safeParse(data);
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, errors: result.error.issues.map((issue) => schemaIssue(issue, document, lines)) };
}

function parseJson(
  text: string,
  lines: LineCounter,
  document: Document,
): { ok: true; value: unknown } | { ok: false; errors: ParseIssue[] } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // V8 names the offset only for some errors; otherwise the YAML parser (JSON is YAML) locates it.
    const offset = /at position (\d+)/.exec(message)?.[1];
    const at = offset !== undefined ? Number(offset) : document.errors[0]?.pos[0];
    const clean = message
      .replace(/ in JSON at position \d+.*$/s, "")
      .replace(/, ".*" is not valid JSON$/s, "");
    return {
      ok: false,
      errors: [at === undefined ? { path: "", message: clean } : positioned(clean, lines, at)],
    };
  }
}

function positioned(message: string, lines: LineCounter, offset: number): ParseIssue {
  const { line, col } = lines.linePos(offset);
  const firstLine = (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
  return { path: "", message: `${line}:${col} ${firstLine}`, line, column: col };
}

function schemaIssue(issue: z.core.$ZodIssue, document: Document, lines: LineCounter): ParseIssue {
  const segments = issue.path.filter((segment): segment is PathSegment => typeof segment !== "symbol");
  const out: ParseIssue = describeZodIssue(issue);
  const position = nodeOffset(document, segments);
  if (position !== undefined) {
    const { line, col } = lines.linePos(position);
    out.line = line;
    out.column = col;
  }
  return out;
}

/** Start offset of the node at `path` (or its nearest existing ancestor) in the source document. */
function nodeOffset(document: Document, path: readonly PathSegment[]): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node: unknown = document.getIn(path.slice(0, length), true);
    if (node !== null && typeof node === "object" && "range" in node) {
      const range = (node as { range?: [number, number, number] | null }).range;
      if (range) return range[0];
    }
  }
  return undefined;
}
