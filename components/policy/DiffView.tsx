import { type DiffSectionView, diffView } from "@/lib/console/diffView";
import type { DiffEntry } from "@/lib/mesh/diff/diffMeshConfig";

/** A config diff grouped by service: path, before and after, added/removed/changed. */
export function DiffView({ entries, label = "Changes" }: { entries: readonly DiffEntry[]; label?: string }) {
  const sections = diffView(entries);
  if (sections.length === 0) return <p className="muted">No changes.</p>;
  return (
    <section className="diff" aria-label={label}>
      {sections.map((section) => (
        <DiffSection key={section.title} section={section} />
      ))}
    </section>
  );
}

function DiffSection({ section }: { section: DiffSectionView }) {
  return (
    <section className="diff-section">
      <h4>{section.title}</h4>
      <table className="compact diff-table">
        <tbody>
          {section.lines.map((line) => (
            <tr key={`${line.kind}:${line.path}`} className={`diff-${line.kind}`}>
              <td className="diff-kind">
                {line.kind === "added" ? "+" : line.kind === "removed" ? "−" : "~"}
              </td>
              <td className="diff-path">
                <code>{line.segments.join(" › ") || "(whole)"}</code>
              </td>
              <td className="diff-before">
                {line.before &&
                  (line.before.multiline ? <pre>{line.before.text}</pre> : <code>{line.before.text}</code>)}
              </td>
              <td className="diff-arrow">{line.kind === "changed" ? "→" : ""}</td>
              <td className="diff-after">
                {line.after &&
                  (line.after.multiline ? <pre>{line.after.text}</pre> : <code>{line.after.text}</code>)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
