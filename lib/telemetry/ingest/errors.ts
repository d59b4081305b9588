// Why ingest did not take (or could not keep) an export, with what the sender should be told. Receivers map
// these to OTLP/HTTP statuses and gRPC codes (receivers/outcome.ts).

export type RefusalKind =
  /** The queue is full: HTTP 429 / RESOURCE_EXHAUSTED, retry after a while. */
  | "queue_full"
  /** PostgreSQL cannot be reached or the server is stopping: HTTP 503 / UNAVAILABLE, retry. */
  | "unavailable"
  /** The data could not be stored and retrying will not help: HTTP 500 / INTERNAL. */
  | "store_failed";

export class IngestRefused extends Error {
  override readonly name = "IngestRefused";
  constructor(
    readonly kind: RefusalKind,
    message: string,
    /** Seconds the sender should wait before retrying (queue_full, unavailable). */
    readonly retryAfterSeconds = 0,
  ) {
    super(message);
  }
}

export function isIngestRefused(error: unknown): error is IngestRefused {
  return error instanceof Error && error.name === "IngestRefused" && "kind" in error;
}
