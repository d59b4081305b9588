import { describe, expect, it } from "vitest";
import { readTopologyParams, writeTopologyParams } from "./topologyParams";

describe("topology URL state", () => {
  it("reads defaults and valid values, ignoring nonsense", () => {
    expect(readTopologyParams(new URLSearchParams(""))).toEqual({
      focus: undefined,
      depth: 2,
      hideIdle: false,
      groupBy: { kind: "none" },
      select: null,
      search: "",
    });
    expect(
      readTopologyParams(
        new URLSearchParams("focus=cart&depth=3&idle=hide&group=label:version&select=edge:web%3Ecart&q=ca"),
      ),
    ).toEqual({
      focus: "cart",
      depth: 3,
      hideIdle: true,
      groupBy: { kind: "label", key: "version" },
      select: { kind: "edge", id: "web>cart" },
      search: "ca",
    });
    expect(readTopologyParams(new URLSearchParams("depth=99&group=label:&select=bogus"))).toMatchObject({
      depth: 2,
      groupBy: { kind: "none" },
      select: null,
    });
  });

  it("writes changes, keeps the time range, and drops defaults", () => {
    expect(writeTopologyParams("from=now-6h", { focus: "cart", groupBy: { kind: "namespace" } })).toBe(
      "from=now-6h&focus=cart&group=namespace",
    );
    expect(
      writeTopologyParams("from=now-6h&focus=cart&depth=3&select=node%3Acart", {
        focus: undefined,
        depth: 2,
        select: null,
      }),
    ).toBe("from=now-6h");
    expect(writeTopologyParams("", { select: { kind: "node", id: "web" }, hideIdle: true })).toBe(
      "idle=hide&select=node%3Aweb",
    );
  });
});
