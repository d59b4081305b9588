"use client";

import { stringify } from "yaml";
import type { ParseIssue } from "@/lib/mesh/parse";
import type { MeshConfig } from "@/lib/mesh/schema";

/** The whole config as YAML; admins edit it in place (checked as they type), others read it. */
export function YamlEditor({
  config,
  text,
  errors,
  editable,
  onChange,
}: {
  config: MeshConfig;
  text: string | null;
  errors: ParseIssue[];
  editable: boolean;
  onChange: (text: string) => void;
}) {
  const value = text ?? stringify(config, { lineWidth: 0 });
  if (!editable)
    return (
      <section aria-label="Mesh config YAML">
        <pre className="panel yaml">{value}</pre>
      </section>
    );
  return (
    <div className="stack">
      <textarea
        className="yaml-editor"
        aria-label="Mesh config YAML"
        spellCheck={false}
        value={value}
        rows={Math.min(40, Math.max(12, value.split("\n").length + 2))}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={errors.length > 0}
      />
      {errors.length > 0 && (
        <ul className="field-issues" role="alert">
          {errors.map((issue) => (
            <li key={`${issue.line}:${issue.column}:${issue.path}:${issue.message}`} className="error">
              {issue.line !== undefined && !/^\d+:\d+ /.test(issue.message)
                ? `line ${issue.line}:${issue.column ?? 1} `
                : ""}
              {issue.path && <code>{issue.path}</code>} {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
