import type { ReactNode } from "react";

interface QueryLike<T> {
  data: T | undefined;
  isPending: boolean;
  isError: boolean;
  error: Error | null;
  isFetching?: boolean;
  refetch?: () => unknown;
}

/**
 * Loading, error and empty states for one query, the same on every page; renders `children(data)`
 * otherwise. Errors show the server's message (which says what to fix) and a retry button.
 */
export function QueryState<T>({
  query,
  what,
  isEmpty,
  empty,
  children,
}: {
  query: QueryLike<T>;
  /** "the topology", "traces": used in the loading and error messages. */
  what: string;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isError && query.data === undefined) {
    return (
      <div role="alert" className="notice error-state">
        <p className="error">
          Could not load {what}: {query.error?.message ?? "unknown error"}
        </p>
        {query.refetch && (
          <button type="button" className="secondary" onClick={() => query.refetch?.()}>
            Try again
          </button>
        )}
      </div>
    );
  }
  if (query.isPending || query.data === undefined) {
    return (
      <p className="muted loading" aria-busy="true">
        Loading {what}…
      </p>
    );
  }
  if (isEmpty?.(query.data)) return <>{empty}</>;
  return (
    <>
      {query.isError && (
        <p role="alert" className="notice error">
          Showing the last good data; refreshing {what} failed: {query.error?.message}
        </p>
      )}
      {children(query.data)}
    </>
  );
}
