"use client";

import { createContext, type ReactNode, useContext, useId } from "react";
import type { ValidationIssue } from "@/lib/mesh/validate/issues";

/** Validation issues of the current draft, so any field can show the messages at its path. */
export const DraftIssues = createContext<{ errors: ValidationIssue[]; warnings: ValidationIssue[] }>({
  errors: [],
  warnings: [],
});

/** Messages for exactly this path, or (with `below`) for anything under it. */
export function Issues({ path, below = false }: { path: string; below?: boolean }) {
  const { errors, warnings } = useContext(DraftIssues);
  const match = (issue: ValidationIssue) =>
    issue.path === path ||
    (below && (issue.path.startsWith(`${path}.`) || issue.path.startsWith(`${path}[`)));
  const found = [
    ...errors.filter(match).map((issue) => ({ ...issue, level: "error" })),
    ...warnings.filter(match).map((issue) => ({ ...issue, level: "warning" })),
  ];
  if (found.length === 0) return null;
  return (
    <ul className="field-issues">
      {found.map((issue) => (
        <li
          key={`${issue.level}${issue.path}${issue.message}`}
          className={issue.level === "error" ? "error" : "warn"}
        >
          {below && issue.path !== path ? (
            <code>{issue.path.slice(path.length).replace(/^\./, "")}</code>
          ) : null}{" "}
          {issue.message}
        </li>
      ))}
    </ul>
  );
}

function useHasError(path: string): boolean {
  const { errors } = useContext(DraftIssues);
  return errors.some((issue) => issue.path === path);
}

/** An optional whole number; empty means unset. */
export function NumberField({
  label,
  path,
  value,
  onChange,
  min,
  max,
  step = 1,
  width = 90,
}: {
  label: string;
  path: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  min?: number;
  max?: number;
  step?: number;
  width?: number;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        value={value ?? ""}
        min={min}
        max={max}
        step={step}
        style={{ width }}
        aria-invalid={useHasError(path)}
        onChange={(event) => onChange(event.target.value === "" ? undefined : Number(event.target.value))}
      />
      <Issues path={path} />
    </div>
  );
}

/** An optional text value such as a duration ("250ms"); empty means unset. */
export function TextField({
  label,
  path,
  value,
  onChange,
  placeholder,
  width = 110,
}: {
  label: string;
  path: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  placeholder?: string;
  width?: number;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value ?? ""}
        placeholder={placeholder}
        style={{ width }}
        aria-invalid={useHasError(path)}
        onChange={(event) => onChange(event.target.value === "" ? undefined : event.target.value)}
      />
      <Issues path={path} />
    </div>
  );
}

/** A section that exists or not (a fault, a circuit breaker block): a checkbox adds or removes it. */
export function OptionalSection({
  title,
  present,
  onAdd,
  onRemove,
  children,
}: {
  title: string;
  present: boolean;
  onAdd: () => void;
  onRemove: () => void;
  children: ReactNode;
}) {
  return (
    <fieldset className="section">
      <legend>
        <label className="inline">
          <input
            type="checkbox"
            checked={present}
            onChange={(event) => (event.target.checked ? onAdd() : onRemove())}
          />{" "}
          {title}
        </label>
      </legend>
      {present && <div className="fields">{children}</div>}
    </fieldset>
  );
}
