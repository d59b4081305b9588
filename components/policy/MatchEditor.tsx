"use client";

import { withKey } from "@/lib/console/policyDraft";
import { type HeaderMatch, httpMethodSchema, type RuleMatch } from "@/lib/mesh/schema";
import { Issues } from "./fields";

type PathKind = "none" | "exact" | "prefix" | "regex";
type HeaderKind = "exact" | "regex" | "present" | "absent";

/** Which requests a rule takes: path (exact, prefix or RE2 regex), method and header conditions. */
export function MatchEditor({
  match,
  path,
  onChange,
}: {
  match: RuleMatch | undefined;
  path: string;
  onChange: (match: RuleMatch | undefined) => void;
}) {
  const current = match ?? {};
  const pathKind: PathKind =
    current.path?.exact !== undefined
      ? "exact"
      : current.path?.prefix !== undefined
        ? "prefix"
        : current.path?.regex !== undefined
          ? "regex"
          : "none";
  const pathValue = current.path?.exact ?? current.path?.prefix ?? current.path?.regex ?? "";
  const emit = (next: RuleMatch) => onChange(Object.keys(next).length === 0 ? undefined : next);
  const setPath = (kind: PathKind, value: string) =>
    emit(withKey(current, "path", kind === "none" ? undefined : { [kind]: value || "/" }));
  const headers = current.headers ?? [];
  const setHeaders = (next: HeaderMatch[]) =>
    emit(withKey(current, "headers", next.length > 0 ? next : undefined));
  return (
    <fieldset className="section">
      <legend>Match</legend>
      <div className="row">
        <select
          aria-label="Path match"
          value={pathKind}
          onChange={(event) => setPath(event.target.value as PathKind, pathValue)}
        >
          <option value="none">any path</option>
          <option value="prefix">path prefix</option>
          <option value="exact">exact path</option>
          <option value="regex">path regex (RE2)</option>
        </select>
        {pathKind !== "none" && (
          <input
            aria-label="Path"
            value={pathValue}
            onChange={(event) => setPath(pathKind, event.target.value)}
          />
        )}
        <select
          aria-label="Method"
          value={current.method ?? ""}
          onChange={(event) =>
            emit(
              withKey(
                current,
                "method",
                event.target.value === "" ? undefined : httpMethodSchema.parse(event.target.value),
              ),
            )
          }
        >
          <option value="">any method</option>
          {httpMethodSchema.options.map((method) => (
            <option key={method}>{method}</option>
          ))}
        </select>
      </div>
      <Issues path={`${path}.path`} below />
      {headers.map((header, index) => {
        const kind: HeaderKind =
          header.exact !== undefined
            ? "exact"
            : header.regex !== undefined
              ? "regex"
              : header.absent
                ? "absent"
                : "present";
        const value = header.exact ?? header.regex ?? "";
        const replace = (next: HeaderMatch) => setHeaders(headers.map((h, i) => (i === index ? next : h)));
        const build = (name: string, k: HeaderKind, v: string): HeaderMatch =>
          k === "present"
            ? { name, present: true }
            : k === "absent"
              ? { name, absent: true }
              : { name, [k]: v };
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: header rows are edited in place
          <div className="row" key={index}>
            <input
              aria-label={`Header ${index + 1} name`}
              value={header.name}
              onChange={(event) => replace(build(event.target.value, kind, value))}
              placeholder="end-user"
            />
            <select
              aria-label={`Header ${index + 1} condition`}
              value={kind}
              onChange={(event) => replace(build(header.name, event.target.value as HeaderKind, value))}
            >
              <option value="exact">equals</option>
              <option value="regex">matches (RE2)</option>
              <option value="present">is present</option>
              <option value="absent">is absent</option>
            </select>
            {(kind === "exact" || kind === "regex") && (
              <input
                aria-label={`Header ${index + 1} value`}
                value={value}
                onChange={(event) => replace(build(header.name, kind, event.target.value))}
              />
            )}
            <button
              type="button"
              className="secondary"
              aria-label={`Remove header ${index + 1}`}
              onClick={() => setHeaders(headers.filter((_, i) => i !== index))}
            >
              ✕
            </button>
            <Issues path={`${path}.headers[${index}]`} below />
          </div>
        );
      })}
      <button
        type="button"
        className="secondary"
        onClick={() => setHeaders([...headers, { name: "x-canary", exact: "1" }])}
      >
        + header condition
      </button>
    </fieldset>
  );
}
