import { describe, expect, it } from "vitest";
import { isIpLiteral, isIpv4Literal, isIpv6Literal } from "./ip";

describe("IP literals", () => {
  it.each(["10.0.0.1", "0.0.0.0", "255.255.255.255", "127.0.0.1"])("IPv4 %s", (text) => {
    expect(isIpv4Literal(text)).toBe(true);
  });
  it.each(["256.0.0.1", "10.0.0", "10.0.0.01", "a.b.c.d", "10.0.0.1 "])("not IPv4 %j", (text) => {
    expect(isIpv4Literal(text)).toBe(false);
  });
  it.each(["::1", "::", "fe80::1", "2001:db8::8a2e:370:7334", "1:2:3:4:5:6:7:8", "::ffff:10.0.0.1", "1::"])(
    "IPv6 %s",
    (text) => {
      expect(isIpv6Literal(text)).toBe(true);
    },
  );
  it.each([
    ":::",
    "1:2:3:4:5:6:7:8:9",
    "1::2::3",
    "12345::",
    "fe80::1%eth0",
    "1:2:3:4:5:6:7",
    ":1",
    "::ffff:10.0.0",
  ])("not IPv6 %j", (text) => {
    expect(isIpv6Literal(text)).toBe(false);
  });
  it("rejects host names", () => {
    expect(isIpLiteral("reviews.shop")).toBe(false);
    expect(isIpLiteral("localhost")).toBe(false);
  });
});
