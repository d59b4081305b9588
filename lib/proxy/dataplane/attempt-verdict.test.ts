import { describe, expect, it } from "vitest";
import type { AttemptResult } from "../upstream/attempt";
import { judgeAttempt } from "./attempt-verdict";

const failure = (kind: "connect_failure" | "reset" | "protocol_error"): AttemptResult => ({
  kind,
  message: "ECONNREFUSED",
});

describe("judgeAttempt", () => {
  it("passes a response on, with its gRPC status, and has no reply of its own", () => {
    const verdict = judgeAttempt(
      {
        kind: "response",
        status: 200,
        headers: { "grpc-status": "14" },
        body: undefined as never,
        endedWithHeaders: true,
        trailers: () => undefined,
      },
      false,
      "web",
    );
    expect(verdict.outcome).toEqual({
      kind: "response",
      status: 200,
      headers: { "grpc-status": "14" },
      grpcStatus: 14,
    });
    expect(verdict.outlier).toEqual({ kind: "response", status: 200 });
    expect(verdict.counter).toBeUndefined();
    expect(verdict.reply).toBeUndefined();
  });

  it("maps each failure to the retry outcome, outlier result, counter and local reply", () => {
    expect(judgeAttempt(failure("reset"), true, "web")).toEqual({
      outcome: { kind: "per_try_timeout" },
      outlier: { kind: "timeout" },
      counter: "perTryTimeouts",
      reply: { status: 504, reason: "upstream_timeout", message: "upstream per-try timeout in cluster web" },
    });
    expect(judgeAttempt(failure("connect_failure"), false, "web")).toMatchObject({
      outcome: { kind: "connect_failure" },
      outlier: { kind: "connect_failure" },
      counter: "connectFailures",
      reply: { status: 503, reason: "upstream_connect_failure" },
    });
    expect(judgeAttempt(failure("protocol_error"), false, "web")).toMatchObject({
      outcome: { kind: "reset" },
      outlier: { kind: "response", status: 502 },
      counter: "protocolErrors",
      reply: { status: 502, reason: "upstream_protocol_error" },
    });
    expect(judgeAttempt(failure("reset"), false, "web")).toMatchObject({
      outcome: { kind: "reset" },
      outlier: { kind: "reset" },
      counter: "resets",
      reply: { status: 503, reason: "upstream_reset" },
    });
  });
});
