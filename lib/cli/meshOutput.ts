// What the mesh commands print: short, aligned, and the same information the console shows.

interface RevisionLine {
  number: number;
  createdAt: string | null;
  author: string;
  message: string;
  summary: string[];
  restoredFrom: number | null;
}

export interface CommitAnswer {
  changed: boolean;
  revision: RevisionLine;
  previousRevision: number;
  summary: string[];
  warnings: { path: string; message: string }[];
}

export interface DryRunAnswer {
  baseRevision: number;
  changed: boolean;
  diff: { summary: string[] };
  warnings: { path: string; message: string }[];
  byClient: { clientKind: string; proxies: number }[];
  proxies: { nodeId: string; clientKind: string; changes: ResourceChangeLine[] }[];
  proxiesTruncated: boolean;
  unaffectedProxies: number;
}

interface ResourceChangeLine {
  type: string;
  name: string;
  change: string;
  routes?: { name: string; change: string }[];
}

export interface HistoryAnswer {
  revisions: RevisionLine[];
}

const MAX_PROXIES_SHOWN = 20;

export function formatCommit(answer: CommitAnswer, restoring?: number): string {
  const lines: string[] = [];
  if (!answer.changed) {
    lines.push(
      restoring !== undefined
        ? `unchanged: revision ${restoring} has the same config as the current revision ${answer.revision.number}`
        : `unchanged: the config equals the current revision ${answer.revision.number}`,
    );
  } else {
    const restored =
      answer.revision.restoredFrom !== null ? ` (restores revision ${answer.revision.restoredFrom})` : "";
    lines.push(`applied revision ${answer.revision.number}${restored}, was ${answer.previousRevision}`);
    for (const line of answer.summary) lines.push(`  ${line}`);
  }
  for (const warning of answer.warnings) lines.push(`warning: ${warning.path}: ${warning.message}`);
  return lines.join("\n");
}

export function formatDryRun(answer: DryRunAnswer): string {
  const lines = [
    answer.changed
      ? `dry run against revision ${answer.baseRevision}: applying would create revision ${answer.baseRevision + 1}`
      : `dry run against revision ${answer.baseRevision}: no change`,
  ];
  for (const line of answer.diff.summary) lines.push(`  ${line}`);
  for (const warning of answer.warnings) lines.push(`warning: ${warning.path}: ${warning.message}`);
  const connected = answer.byClient.reduce((sum, group) => sum + group.proxies, 0);
  const affected = connected - answer.unaffectedProxies;
  lines.push(`proxies whose xDS resources would change: ${affected} of ${connected} connected`);
  for (const proxy of answer.proxies.slice(0, MAX_PROXIES_SHOWN)) {
    lines.push(`  ${proxy.nodeId} (${proxy.clientKind}): ${proxy.changes.map(describeChange).join(", ")}`);
  }
  const hidden = affected - Math.min(answer.proxies.length, MAX_PROXIES_SHOWN);
  if (hidden > 0) lines.push(`  … and ${hidden} more`);
  return lines.join("\n");
}

function describeChange(change: ResourceChangeLine): string {
  const routes = change.routes?.length
    ? ` [${change.routes.map((r) => `${r.name} ${r.change}`).join(", ")}]`
    : "";
  return `${change.type}/${change.name} ${change.change}${routes}`;
}

export function formatHistory(answer: HistoryAnswer): string {
  const rows = answer.revisions.map((revision) => [
    String(revision.number),
    revision.createdAt ? revision.createdAt.replace("T", " ").replace(/\.\d+Z$/, "Z") : "",
    revision.author,
    [
      revision.message,
      revision.restoredFrom !== null && !revision.message.includes("restore")
        ? `(restores ${revision.restoredFrom})`
        : "",
      revision.summary.join("; "),
    ]
      .filter(Boolean)
      .join(" — "),
  ]);
  if (rows.length === 0) return "no revisions yet: the mesh config is empty (revision 0)";
  const header = ["REV", "CREATED", "AUTHOR", "CHANGE"];
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const format = (row: string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [format(header), ...rows.map(format)].join("\n");
}
