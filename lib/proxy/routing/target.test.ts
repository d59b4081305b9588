import { describe, expect, it } from "vitest";
import { splitTarget } from "./target";

describe("splitTarget", () => {
  it("takes origin-form targets with the Host header", () => {
    expect(splitTarget("/a?b=1", "reviews:9080")).toEqual({
      ok: true,
      authority: "reviews:9080",
      path: "/a?b=1",
      absolute: false,
    });
  });

  it("takes the authority from an absolute-form URI, as HTTP proxies receive them", () => {
    expect(splitTarget("http://reviews:9080/r/1?x=2", "ignored")).toMatchObject({
      authority: "reviews:9080",
      path: "/r/1?x=2",
      absolute: true,
    });
    expect(splitTarget("HTTP://ratings", "")).toMatchObject({ authority: "ratings", path: "/" });
    expect(splitTarget("http://ratings?q", "")).toMatchObject({ authority: "ratings", path: "/?q" });
  });

  it("refuses https (needs CONNECT), user info and garbage", () => {
    expect(splitTarget("https://reviews/", "")).toMatchObject({ ok: false, status: 501 });
    expect(splitTarget("http://user@reviews/", "")).toMatchObject({ ok: false, status: 400 });
    expect(splitTarget("reviews/x", "")).toMatchObject({ ok: false, status: 400 });
  });
});
