import { isMap, isSeq, LineCounter, parseDocument } from "yaml";
import { DomainError } from "@/lib/auth/errors";
import type { PathSegment } from "../path";
import type { ConfigProblem } from "../store/checkConfig";

/**
 * Segments of a config path as formatPath writes it: `services[2].labels["app.kubernetes.io/name"]` →
 * ["services", 2, "labels", "app.kubernetes.io/name"]. Undefined when the text is not such a path.
 */
export function parsePath(path: string): PathSegment[] | undefined {
  const segments: PathSegment[] = [];
  const part = /(?:^|\.)([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let offset = 0;
  while (offset < path.length) {
    part.lastIndex = offset;
    const match = part.exec(path);
    if (!match) return undefined;
    const [, name, index, quoted] = match;
    if (name !== undefined) segments.push(name);
    else if (index !== undefined) segments.push(Number(index));
    else segments.push(JSON.parse(quoted ?? '""') as string);
    offset = part.lastIndex;
  }
  return segments;
}

/**
 * Where each problem is in the document the client sent: validation works on the parsed config and
 * knows paths only, but a person editing a file wants line numbers. The nearest existing ancestor of a
 * path is used when the path itself is absent (a missing field).
 */
export function locateProblems(text: string, problems: readonly ConfigProblem[]): ConfigProblem[] {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  if (document.errors.length > 0) return [...problems];
  return problems.map((problem) => {
    if (problem.line !== undefined) return problem;
    const segments = parsePath(problem.path);
    if (!segments) return problem;
    for (let length = segments.length; length >= 0; length--) {
      const node: unknown = document.getIn(segments.slice(0, length), true);
      const range = isMap(node) || isSeq(node) || isNodeWithRange(node) ? node.range : undefined;
      if (range) {
        const { line, col } = lines.linePos(range[0]);
        return { ...problem, line, column: col };
      }
    }
    return problem;
  });
}

function isNodeWithRange(node: unknown): node is { range: [number, number, number] } {
  return node !== null && typeof node === "object" && Array.isArray((node as { range?: unknown }).range);
}

/** An invalid_config error with positions added from the document text; other errors unchanged. */
export function withPositions(error: unknown, text: string | undefined): unknown {
  if (text === undefined || !(error instanceof DomainError) || error.code !== "invalid_config") return error;
  const problems = Array.isArray(error.details) ? (error.details as ConfigProblem[]) : [];
  return new DomainError(
    error.status,
    error.code,
    error.message,
    locateProblems(text, problems),
    error.headers,
  );
}
