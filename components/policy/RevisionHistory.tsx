"use client";

import Link from "next/link";
import { formatTime } from "@/lib/console/format";
import { type Revision, useRestoreRevision, useRevision, useRevisions } from "../queries/mesh";
import { QueryState } from "../ui/QueryState";
import { ApiProblems } from "./ApiProblems";
import { DiffView } from "./DiffView";

/** Every revision, newest first; one opens with its diff; admins restore any earlier one in one click. */
export function RevisionHistory({
  current,
  selected,
  canRestore,
  onSelect,
}: {
  current: number;
  selected: number | null;
  canRestore: boolean;
  onSelect: (revision: number | null) => void;
}) {
  const revisions = useRevisions(200);
  const restore = useRestoreRevision();
  return (
    <div className="history">
      {restore.error && <ApiProblems error={restore.error} />}
      {restore.data && (
        <p role="status" className="notice">
          Restored as revision {restore.data.revision.number}.
        </p>
      )}
      <QueryState
        query={revisions}
        what="the revision history"
        isEmpty={(data) => data.revisions.length === 0}
        empty={<p className="empty">No revision yet: the mesh config has never been changed.</p>}
      >
        {(data) => (
          <table aria-label="Revisions">
            <thead>
              <tr>
                <th>Revision</th>
                <th>When</th>
                <th>Who</th>
                <th>Message</th>
                <th>Changes</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.revisions.map((revision) => (
                <RevisionRow
                  key={revision.number}
                  revision={revision}
                  current={current}
                  open={selected === revision.number}
                  canRestore={canRestore}
                  restoring={restore.isPending}
                  onToggle={() => onSelect(selected === revision.number ? null : revision.number)}
                  onRestore={(number, message) =>
                    restore.mutate({ number, expectedRevision: current, message })
                  }
                />
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </div>
  );
}

function RevisionRow({
  revision,
  current,
  open,
  canRestore,
  restoring,
  onToggle,
  onRestore,
}: {
  revision: Revision;
  current: number;
  open: boolean;
  canRestore: boolean;
  restoring: boolean;
  onToggle: () => void;
  onRestore: (number: number, message: string) => void;
}) {
  const isCurrent = revision.number === current;
  return (
    <>
      <tr id={`revision-${revision.number}`} className={open ? "selected" : undefined}>
        <td>
          <button type="button" className="link" onClick={onToggle} aria-expanded={open}>
            r{revision.number}
          </button>
          {isCurrent && <span className="badge"> current</span>}
          {revision.restoredFrom !== null && (
            <span className="muted"> (restores r{revision.restoredFrom})</span>
          )}
        </td>
        <td>{revision.createdAt ? formatTime(Date.parse(revision.createdAt)) : "–"}</td>
        <td>
          {revision.author ? (
            <Link href={`/audit?actor=${encodeURIComponent(revision.author)}&action=mesh.`}>
              {revision.author}
            </Link>
          ) : (
            "–"
          )}
        </td>
        <td>{revision.message}</td>
        <td className="muted">{revision.summary.join("; ")}</td>
        <td>
          {canRestore && isCurrent && revision.number >= 1 && (
            <button
              type="button"
              className="secondary"
              disabled={restoring}
              onClick={() => onRestore(revision.number - 1, `roll back r${revision.number}`)}
            >
              Roll back
            </button>
          )}
          {canRestore && !isCurrent && (
            <button
              type="button"
              className="secondary"
              disabled={restoring}
              onClick={() => onRestore(revision.number, `restore r${revision.number}`)}
            >
              Restore r{revision.number}
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={6}>
            <RevisionDiff number={revision.number} />
          </td>
        </tr>
      )}
    </>
  );
}

function RevisionDiff({ number }: { number: number }) {
  const revision = useRevision(number);
  return (
    <QueryState query={revision} what={`revision ${number}`}>
      {(data) => <DiffView entries={data.diff.entries} label={`Diff of revision ${number}`} />}
    </QueryState>
  );
}
