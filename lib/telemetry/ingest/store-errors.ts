// Which database failures mean "try again later" (never acknowledge and then drop: the sender keeps the
// data and retries), which are worth retrying at once, and which mean the data itself cannot be stored.

export type StoreFailure =
  /** PostgreSQL is down, restarting, unreachable or out of connections: refuse with a retryable error. */
  | "unavailable"
  /** A deadlock or serialization failure: run the same transaction again. */
  | "transient"
  /** A row's day has no partition (retention ran meanwhile, or maintenance is behind): create them, retry. */
  | "missing_partition"
  /** The data was refused (a bug or a value PostgreSQL will never take): retrying will not help. */
  | "invalid";

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
]);
const CONNECTION_MESSAGES =
  /connection terminated|connection error|timeout exceeded when trying to connect|not queryable|connection timeout|server closed the connection/i;

export function classifyStoreError(error: unknown): StoreFailure {
  if (!(error instanceof Error)) return "invalid";
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === "string") {
    if (NETWORK_CODES.has(code)) return "unavailable";
    if (/^[0-9A-Z]{5}$/.test(code)) return classifySqlState(code, error.message);
  }
  return CONNECTION_MESSAGES.test(error.message) ? "unavailable" : "invalid";
}

function classifySqlState(state: string, message: string): StoreFailure {
  // 08: connection exception; 53: insufficient resources (too many connections, disk full);
  // 57P01-57P03: shutdown / crash / cannot connect now; 57014: statement timeout.
  if (state.startsWith("08") || state.startsWith("53") || /^57P0[1-3]$/.test(state) || state === "57014")
    return "unavailable";
  if (state === "40001" || state === "40P01" || state === "55P03") return "transient";
  if (state === "23514" && /no partition of relation/i.test(message)) return "missing_partition";
  return "invalid";
}
