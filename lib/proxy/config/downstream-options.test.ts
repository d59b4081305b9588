import { describe, expect, it } from "vitest";
import { Diagnostics, newSink } from "./diagnostics";
import { DEFAULT_DOWNSTREAM_OPTIONS, parseDownstreamOptions } from "./downstream-options";

function parse(o: Record<string, unknown> | undefined) {
  const sink = newSink();
  const options = parseDownstreamOptions(
    o,
    new Diagnostics("Listener l", sink, "common_http_protocol_options"),
  );
  return {
    options,
    messages: [...sink.errors.map((m) => `error: ${m}`), ...sink.notes.map((m) => `note: ${m}`)],
  };
}

describe("parseDownstreamOptions", () => {
  it("gives Envoy's defaults when the connection manager sets nothing", () => {
    expect(parse(undefined).options).toEqual(DEFAULT_DOWNSTREAM_OPTIONS);
    expect(parse({}).options).toEqual({ maxHeadersCount: 100, headersWithUnderscores: "allow" });
  });

  it("reads every field it handles, enums by name or number", () => {
    const { options, messages } = parse({
      idle_timeout: { seconds: 2 },
      max_connection_duration: { nanos: 500_000_000 },
      max_stream_duration: { seconds: 30 },
      max_requests_per_connection: { value: 7 },
      max_headers_count: { value: 30 },
      headers_with_underscores_action: 2,
    });
    expect(options).toEqual({
      idleTimeoutMs: 2_000,
      maxConnectionDurationMs: 500,
      maxStreamDurationMs: 30_000,
      maxRequestsPerConnection: 7,
      maxHeadersCount: 30,
      headersWithUnderscores: "drop",
    });
    expect(messages).toEqual([]);
  });

  it("keeps an idle timeout of 0 (never), and reads 0 requests or 0 duration as no limit", () => {
    const { options } = parse({
      idle_timeout: { seconds: 0 },
      max_connection_duration: { seconds: 0 },
      max_requests_per_connection: { value: 0 },
    });
    expect(options.idleTimeoutMs).toBe(0);
    expect(options.maxConnectionDurationMs).toBeUndefined();
    expect(options.maxRequestsPerConnection).toBeUndefined();
  });

  it("refuses values Envoy would refuse, saying which field and why", () => {
    const { messages } = parse({
      idle_timeout: { seconds: -1 },
      max_headers_count: { value: 0 },
      headers_with_underscores_action: "SHOUT",
    });
    expect(messages).toEqual([
      "error: Listener l: common_http_protocol_options idle_timeout is negative",
      "error: Listener l: common_http_protocol_options max_headers_count 0 must be an integer of at least 1",
      "error: Listener l: common_http_protocol_options headers_with_underscores_action 'SHOUT' is not one of ALLOW, REJECT_REQUEST, DROP_HEADER",
    ]);
  });

  it("notes the fields it does not handle", () => {
    expect(parse({ max_response_headers_kb: { value: 5 } }).messages).toEqual([
      "note: Listener l: common_http_protocol_options field 'max_response_headers_kb' is not supported and was ignored",
    ]);
  });
});
