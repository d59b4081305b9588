import { describe, expect, it } from "vitest";
import { demoEnv } from "./command";
import { parseDemoOptions } from "./options";

describe("parseDemoOptions", () => {
  it("has defaults that suit a person watching the console", () => {
    expect(parseDemoOptions([])).toEqual({
      ok: true,
      options: { port: undefined, loadRate: 10, intervalMs: 5000, statusMs: 5000 },
    });
  });

  it("reads the test flags", () => {
    const parsed = parseDemoOptions([
      "--port",
      "0",
      "--load-rate",
      "25",
      "--interval-ms",
      "1000",
      "--status-ms",
      "500",
    ]);
    expect(parsed).toEqual({ ok: true, options: { port: 0, loadRate: 25, intervalMs: 1000, statusMs: 500 } });
    expect(parseDemoOptions(["--no-load"])).toMatchObject({ ok: true, options: { loadRate: 0 } });
  });

  it("names every bad flag", () => {
    const parsed = parseDemoOptions(["--port", "70000", "--load-rate", "fast", "--interval-ms", "1"]);
    expect(parsed).toEqual({
      ok: false,
      help: false,
      errors: [
        "--port '70000' must be a number from 0 to 65535",
        "--load-rate 'fast' must be a number from 0 to 1000",
        "--interval-ms '1' must be a number from 100 to 60000",
      ],
    });
    expect(parseDemoOptions(["--no-load", "--load-rate", "3"])).toMatchObject({ ok: false });
    expect(parseDemoOptions(["--bogus"])).toMatchObject({ ok: false, help: false });
    expect(parseDemoOptions(["--help"])).toEqual({ ok: false, help: true, errors: [] });
  });
});

describe("demoEnv", () => {
  const options = { port: undefined, loadRate: 10, intervalMs: 5000, statusMs: 5000 };

  it("uses its own data dir and a known admin password unless they are set", () => {
    expect(demoEnv({}, options)).toMatchObject({
      WEFT_DATA_DIR: ".weft-demo",
      WEFT_ADMIN_PASSWORD: "weft-demo",
    });
    expect(demoEnv({ WEFT_DATA_DIR: "x", WEFT_ADMIN_PASSWORD: "secret-pw" }, options)).toMatchObject({
      WEFT_DATA_DIR: "x",
      WEFT_ADMIN_PASSWORD: "secret-pw",
    });
  });

  it("puts every server listener on a free port with --port 0", () => {
    expect(demoEnv({}, { ...options, port: 0 })).toMatchObject({
      PORT: "0",
      WEFT_OTLP_HTTP_PORT: "0",
      WEFT_OTLP_GRPC_PORT: "0",
      WEFT_XDS_PORT: "0",
    });
    expect(demoEnv({ WEFT_XDS_PORT: "18000" }, { ...options, port: 3001 })).toMatchObject({
      PORT: "3001",
      WEFT_XDS_PORT: "18000",
    });
  });
});
