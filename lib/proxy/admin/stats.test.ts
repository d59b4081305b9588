import { describe, expect, it } from "vitest";
import { Stats } from "./stats";

describe("Stats", () => {
  it("renders counters and gauges in the Prometheus text format, labels sorted and escaped", () => {
    const stats = new Stats();
    const c = stats.counter("upstream_rq_total", "Upstream attempts", { cluster: 'reviews|"v2"' });
    c.value += 3;
    stats.counter("upstream_rq_total", "Upstream attempts", { cluster: "a" }).value += 1;
    let active = 2;
    stats.gauge("upstream_rq_active", "Requests in flight", { cluster: "a" }, () => active);
    active = 5;
    expect(stats.render()).toBe(
      [
        "# HELP weft_proxy_upstream_rq_active Requests in flight",
        "# TYPE weft_proxy_upstream_rq_active gauge",
        'weft_proxy_upstream_rq_active{cluster="a"} 5',
        "# HELP weft_proxy_upstream_rq_total Upstream attempts",
        "# TYPE weft_proxy_upstream_rq_total counter",
        'weft_proxy_upstream_rq_total{cluster="reviews|\\"v2\\""} 3',
        'weft_proxy_upstream_rq_total{cluster="a"} 1',
        "",
      ].join("\n"),
    );
  });

  it("returns the same counter for the same name and labels, and forgets removed series", () => {
    const stats = new Stats();
    expect(stats.counter("x_total", "x", { a: "1", b: "2" })).toBe(
      stats.counter("x_total", "x", { b: "2", a: "1" }),
    );
    stats.counter("x_total", "x", { cluster: "gone" }).value = 7;
    expect(stats.value("x_total", { cluster: "gone" })).toBe(7);
    stats.removeSeries("cluster", "gone");
    expect(stats.value("x_total", { cluster: "gone" })).toBeUndefined();
  });

  it("refuses invalid names and a name used with two types", () => {
    const stats = new Stats();
    expect(() => stats.counter("bad-name", "x")).toThrow(/invalid metric name/);
    stats.counter("dual", "x");
    expect(() => stats.gauge("dual", "x", {}, () => 1)).toThrow(/is a counter/);
  });
});
