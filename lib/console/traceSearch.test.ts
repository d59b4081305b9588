import { describe, expect, it } from "vitest";
import {
  parseAttributeFilter,
  readTraceFilters,
  traceFilterProblems,
  writeTraceFilters,
} from "./traceSearch";

describe("trace search filters", () => {
  it("reads filters and attribute pairs from the URL", () => {
    const filters = readTraceFilters(
      new URLSearchParams(
        "service=cart&minDuration=100ms&status=error&attr.http.route=%2Fcheckout&attr.user=7&limit=100",
      ),
    );
    expect(filters).toEqual({
      service: "cart",
      operation: "",
      minDuration: "100ms",
      maxDuration: "",
      status: "error",
      attributes: [
        { key: "http.route", value: "/checkout" },
        { key: "user", value: "7" },
      ],
      limit: 100,
    });
    expect(readTraceFilters(new URLSearchParams("status=weird&limit=7"))).toMatchObject({
      status: "any",
      limit: 50,
    });
  });

  it("writes them back, keeping the time range and dropping empty ones", () => {
    const written = writeTraceFilters("from=now-6h&attr.old=1&service=x", {
      service: "cart",
      operation: " ",
      minDuration: "",
      maxDuration: "2s",
      status: "any",
      attributes: [
        { key: "http.route", value: "/checkout" },
        { key: "", value: "" },
      ],
      limit: 50,
    });
    expect(written).toBe("from=now-6h&service=cart&maxDuration=2s&attr.http.route=%2Fcheckout");
    expect(readTraceFilters(new URLSearchParams(written)).attributes).toEqual([
      { key: "http.route", value: "/checkout" },
    ]);
  });

  it("says what to fix", () => {
    const base = readTraceFilters(new URLSearchParams(""));
    expect(traceFilterProblems(base)).toEqual({});
    expect(traceFilterProblems({ ...base, minDuration: "fast" })).toEqual({
      minDuration: 'must be a duration such as "250ms", "1.5s" or "2m"',
    });
    expect(traceFilterProblems({ ...base, minDuration: "2s", maxDuration: "500ms" })).toEqual({
      maxDuration: "must not be shorter than the minimum (2s)",
    });
    expect(traceFilterProblems({ ...base, attributes: [{ key: "", value: "x" }] })).toEqual({
      attributes: "every attribute value needs a key",
    });
    expect(
      traceFilterProblems({
        ...base,
        attributes: [
          { key: "a", value: "1" },
          { key: "a", value: "2" },
        ],
      }),
    ).toEqual({ attributes: "each attribute key can be given once" });
  });

  it("parses key=value boxes", () => {
    expect(parseAttributeFilter("http.route=/a=b")).toEqual({ key: "http.route", value: "/a=b" });
    expect(parseAttributeFilter("=x")).toBeNull();
    expect(parseAttributeFilter("novalue")).toBeNull();
  });
});
