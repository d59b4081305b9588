import { ApiClientError } from "../queries/apiClient";

/** An API error with its per-path problems (400 invalid_config) or the stale-revision hint (409). */
export function ApiProblems({ error }: { error: Error }) {
  const details =
    error instanceof ApiClientError && Array.isArray(error.details)
      ? (error.details as { path?: unknown; message?: unknown }[])
      : [];
  const stale = error instanceof ApiClientError && error.status === 409;
  return (
    <div role="alert" className="notice error">
      <p>{error.message}</p>
      {details.length > 0 && (
        <ul>
          {details.slice(0, 20).map((detail) => (
            <li key={`${String(detail.path)}${String(detail.message)}`}>
              {detail.path ? <code>{String(detail.path)}</code> : null} {String(detail.message)}
            </li>
          ))}
        </ul>
      )}
      {stale && (
        <p>
          Someone else changed the mesh first. Discard your draft, redo the change on the current revision and
          preview again.
        </p>
      )}
    </div>
  );
}
