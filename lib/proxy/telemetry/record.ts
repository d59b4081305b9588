/** What the data plane reports about each request it handled, for RED metrics and spans. */
import type { PropagatedTrace } from "../http/traceparent";

export interface RequestRecord {
  /** "server": inbound, served to the local app; "client": outbound, sent for the local app. */
  readonly side: "server" | "client";
  readonly method: string;
  /** Status sent to the caller; 0 when none was (the caller went away). */
  readonly status: number;
  /** error.type: the status as a string for errors, or a short reason. */
  readonly errorType?: string;
  readonly sourceService: string;
  readonly destinationService: string;
  readonly destinationSubset?: string;
  /** Name of the mesh route that matched. */
  readonly route?: string;
  /** The matched route's path template or prefix (server side only, per the conventions). */
  readonly httpRoute?: string;
  readonly serverAddress?: string;
  readonly serverPort?: number;
  readonly faultInjected: boolean;
  readonly retries: number;
  /** Unix epoch milliseconds (fractional) of the first request byte and of the last response byte. */
  readonly startMs: number;
  readonly endMs: number;
  readonly trace: PropagatedTrace;
  readonly path: string;
  readonly grpcStatus?: number;
  readonly peerAddress?: string;
}

export interface TelemetrySink {
  /** False when nothing is exported; the data plane then skips building records. */
  readonly enabled: boolean;
  record(record: RequestRecord): void;
}

export const NO_TELEMETRY: TelemetrySink = { enabled: false, record: () => {} };

/** Wall-clock milliseconds with sub-millisecond precision. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/** error.type per the semantic conventions: the status for 5xx (and 4xx on the client side), else a reason. */
export function errorTypeOf(side: "server" | "client", status: number, reason?: string): string | undefined {
  if (status >= 500 || (side === "client" && status >= 400)) return String(status);
  return reason;
}
