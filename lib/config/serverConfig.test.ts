import { describe, expect, it } from "vitest";
import { ConfigError, loadServerConfig } from "./serverConfig";

describe("loadServerConfig", () => {
  it("applies the documented defaults", () => {
    const config = loadServerConfig({}, "/srv/weft");
    expect(config).toMatchObject({
      host: "127.0.0.1",
      consolePort: 3000,
      otlpHttpPort: 4318,
      otlpGrpcPort: 4317,
      xdsPort: 18000,
      dataDir: "/srv/weft/.weft",
      databaseUrl: undefined,
    });
  });

  it("accepts port 0 and treats blank variables as unset", () => {
    const config = loadServerConfig({ PORT: "0", WEFT_XDS_PORT: "0", DATABASE_URL: "" }, "/x");
    expect(config.consolePort).toBe(0);
    expect(config.xdsPort).toBe(0);
    expect(config.databaseUrl).toBeUndefined();
  });

  it("names the variable and the problem", () => {
    expect(() => loadServerConfig({ PORT: "70000" }, "/x")).toThrow(ConfigError);
    expect(() => loadServerConfig({ PORT: "70000" }, "/x")).toThrow(
      'invalid PORT="70000": must be at most 65535',
    );
    expect(() => loadServerConfig({ DATABASE_URL: "mysql://x" }, "/x")).toThrow(/DATABASE_URL.*postgres/);
    expect(() => loadServerConfig({ WEFT_ADMIN_PASSWORD: "short" }, "/x")).toThrow(/at least 8/);
  });
});
