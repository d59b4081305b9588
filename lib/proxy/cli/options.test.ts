import { describe, expect, it } from "vitest";
import { parseHostPort, parseProxyOptions } from "./options";

const ok = (args: string[], env: Record<string, string> = {}) => {
  const parsed = parseProxyOptions(args, env);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed));
  return parsed.options;
};

describe("parseProxyOptions", () => {
  it("takes flags, falls back to WEFT_PROXY_* variables, then to the defaults", () => {
    const options = ok(["--service", "reviews", "--labels", "version=v2, tier=back"], {
      WEFT_PROXY_APP: "127.0.0.1:9080",
      WEFT_PROXY_SERVICE: "ignored",
      WEFT_PROXY_OUTBOUND_PORT: "0",
      WEFT_PROXY_NODE_ID: "reviews-1",
    });
    expect(options).toMatchObject({
      service: "reviews",
      labels: { version: "v2", tier: "back" },
      app: { host: "127.0.0.1", port: 9080 },
      xds: "127.0.0.1:18000",
      inboundPort: 15006,
      outboundPort: 0,
      adminPort: 15000,
      bind: "127.0.0.1",
      nodeId: "reviews-1",
      headersTimeoutMs: 10_000,
      traceSampling: 1,
    });
    expect(options.otlp).toBeUndefined();
  });

  it("reports every problem, naming the flag and its variable", () => {
    const parsed = parseProxyOptions(["--trace-sampling", "2", "--bind", "localhost"], {
      WEFT_PROXY_XDS: "x",
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok || !("errors" in parsed)) return;
    expect(parsed.errors).toEqual([
      "--service (WEFT_PROXY_SERVICE) is required",
      "--app (WEFT_PROXY_APP) is required",
      "--xds (WEFT_PROXY_XDS) 'x' must be host:port",
      "--bind (WEFT_PROXY_BIND) 'localhost' must be an IP address",
      "--trace-sampling (WEFT_PROXY_TRACE_SAMPLING) '2' must be a number from 0 to 1",
    ]);
  });

  it("rejects unknown flags and answers --help", () => {
    expect(parseProxyOptions(["--nope", "1"], {})).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/nope/)],
    });
    expect(parseProxyOptions(["-h"], {})).toEqual({ ok: false, help: true });
  });
});

describe("parseHostPort", () => {
  it("accepts names, IPv4 and bracketed IPv6 with a port", () => {
    expect(parseHostPort("app:80")).toEqual({ host: "app", port: 80 });
    expect(parseHostPort("[::1]:9080")).toEqual({ host: "::1", port: 9080 });
    expect(parseHostPort("127.0.0.1")).toBeUndefined();
    expect(parseHostPort("h:0")).toBeUndefined();
  });
});
