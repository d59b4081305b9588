// The transport-independent part of an OTLP export: admit (before spending CPU on decoding), decode,
// refuse what is older than retention, queue, and wait until it is committed.

import { isIngestRefused } from "../ingest/errors";
import type { IngestPipeline } from "../ingest/pipeline";
import { createDecodeContext, type IngestLimits } from "../limits";
import {
  DecodeError,
  decodeMetricsRequest,
  decodeTraceRequest,
  type OtlpSignal,
  partialSuccessOf,
} from "../otlp";
import type { OtlpFormat } from "../otlp/format";
import { pointFloorNs, type RetentionDays, rejectExpired, spanFloorNs } from "../retention/window";
import type { DecodeResult } from "../rows";
import { failure, type OtlpOutcome } from "./outcome";

export interface OtlpIngestOptions {
  limits?: Partial<IngestLimits>;
  retention: RetentionDays;
  now?: () => number;
}

export class OtlpIngest {
  private readonly now: () => number;

  constructor(
    private readonly pipeline: IngestPipeline,
    private readonly options: OtlpIngestOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Takes one decompressed Export*ServiceRequest and settles when it is stored or refused. */
  async export(signal: OtlpSignal, format: OtlpFormat, bytes: Uint8Array): Promise<OtlpOutcome> {
    try {
      this.pipeline.admit(bytes.length);
    } catch (error) {
      return refusedOutcome(error);
    }
    const nowMs = this.now();
    const ctx = createDecodeContext(nowMs, this.options.limits);
    let result: DecodeResult<unknown>;
    try {
      if (signal === "traces") {
        const decoded = rejectExpired(
          decodeTraceRequest(format, bytes, ctx),
          spanFloorNs(nowMs, this.options.retention),
          ctx.limits.maxErrorMessages,
        );
        await this.pipeline.submit({ spans: decoded.rows, points: [], bytes: bytes.length });
        result = decoded;
      } else {
        const decoded = rejectExpired(
          decodeMetricsRequest(format, bytes, ctx),
          pointFloorNs(nowMs, this.options.retention),
          ctx.limits.maxErrorMessages,
        );
        await this.pipeline.submit({ spans: [], points: decoded.rows, bytes: bytes.length });
        result = decoded;
      }
    } catch (error) {
      if (error instanceof DecodeError) return failure("invalid", error.message);
      return refusedOutcome(error);
    }
    return { ok: true, partial: partialSuccessOf(result) };
  }
}

function refusedOutcome(error: unknown): OtlpOutcome {
  if (isIngestRefused(error)) {
    const kind = error.kind === "store_failed" ? "store_failed" : error.kind;
    return failure(kind, error.message, error.retryAfterSeconds);
  }
  throw error;
}
