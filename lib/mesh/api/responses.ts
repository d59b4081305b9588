import { stringify } from "yaml";
import { jsonResponse } from "@/lib/http/json";
import type { CommitResult } from "../store/commitRevision";
import type { RevisionDetail } from "../store/revisionTypes";
import { revisionTag } from "./configRequest";

/** `?format=yaml` or an Accept header preferring YAML. */
export function wantsYaml(request: Request): boolean {
  const format = new URL(request.url).searchParams.get("format");
  if (format !== null) return format === "yaml";
  return /^(application|text)\/(x-)?yaml\b/i.test(request.headers.get("accept") ?? "");
}

/** The current config: JSON `{revision, config}`, or the YAML document itself, with the revision as ETag. */
export function configResponse(request: Request, revision: RevisionDetail): Response {
  const { config, diff: _diff, ...info } = revision;
  const headers = { etag: revisionTag(revision.number), "x-weft-revision": String(revision.number) };
  if (!wantsYaml(request)) return jsonResponse({ revision: info, config }, 200, headers);
  const by = revision.author ? `, by ${revision.author}` : "";
  const at = revision.createdAt ? ` at ${revision.createdAt.toISOString()}` : "";
  const header = `# weft mesh config, revision ${revision.number}${at}${by}\n`;
  return new Response(header + stringify(config, { lineWidth: 0 }), {
    status: 200,
    headers: { "content-type": "application/yaml; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

/** What every write answers: whether a revision was made, which, and what changed. */
export function commitBody(result: CommitResult) {
  return {
    changed: result.changed,
    revision: result.revision,
    previousRevision: result.previousRevision,
    summary: result.diff.summary,
    diff: result.diff.entries,
    warnings: result.warnings,
  };
}
