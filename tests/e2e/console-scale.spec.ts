import { expect, test } from "@playwright/test";
import { syntheticMesh } from "../../lib/console/graph/syntheticMesh";
import { callSpans, type SpanSpec } from "../../lib/console/testing/otlpTraces";
import { ADMIN_PASSWORD, type ConsoleServer, logIn, sendSpans, startConsoleServer } from "./console-support";

// A 500-service, 2,000-edge topology sent as real spans; the browser measures how long the topology page
// takes to become interactive. The figures are reported (annotations and the log), not asserted: timing
// belongs to benchmarks, and this machine's speed is not the product's.

let server: ConsoleServer;
const MESH = syntheticMesh({ services: 500, calls: 2_000, seed: 7 });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  server = await startConsoleServer();
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const spans: SpanSpec[] = [];
  MESH.calls.forEach((call, index) => {
    spans.push(
      ...callSpans({
        id: index,
        from: call.from,
        to: call.to,
        startNs: nowNs - BigInt(index) * 100_000_000n,
        durationNs: 4_000_000n,
      }),
    );
  });
  await sendSpans(server.url, spans);
});

test.afterAll(async () => {
  await server?.stop();
});

/** Installed before any page script: notes when the graph is first ready with nodes on screen. */
function watchGraph() {
  const record = () => {
    const graph = document.querySelector('[data-testid="topology-graph"][data-ready="true"]');
    if (graph?.querySelector(".react-flow__node-service")) {
      Reflect.set(window, "__graphShownAt", performance.now());
      return true;
    }
    return false;
  };
  const observer = new MutationObserver(() => {
    if (record()) observer.disconnect();
  });
  document.addEventListener("DOMContentLoaded", () =>
    observer.observe(document.body, { subtree: true, childList: true, attributes: true }),
  );
}

/** In the page: clicks the first service node and waits for its side panel; milliseconds. */
function clickFirstNode(): Promise<number> {
  const node = document.querySelector<HTMLElement>(".react-flow__node-service");
  const started = performance.now();
  node?.click();
  return new Promise((resolve) => {
    const check = () => {
      if (document.querySelector('aside[aria-label="Selection details"] h2'))
        resolve(performance.now() - started);
      else requestAnimationFrame(check);
    };
    check();
  });
}

function timings() {
  const topology = performance
    .getEntriesByType("resource")
    .find((entry): entry is PerformanceResourceTiming => entry.name.includes("/api/v1/topology"));
  const layout = performance
    .getEntriesByType("measure")
    .find((entry) => entry.name.startsWith("topology layout"));
  return {
    shownAt: Math.round(Number(Reflect.get(window, "__graphShownAt") ?? Number.NaN)),
    topologyApi: topology ? Math.round(topology.duration) : null,
    layout: layout ? Math.round(layout.duration) : null,
  };
}

test("a 500-service topology renders, and how long it takes to become interactive", async ({ page }) => {
  test.setTimeout(180_000);
  await logIn(page, server.url, "admin", ADMIN_PASSWORD);
  await page.addInitScript(watchGraph);
  const figures: Record<string, number | null> = {};
  for (const [label, query] of [
    ["flat, first visit", ""],
    ["flat, revisit (layout cached)", ""],
    ["grouped by namespace", "?group=namespace"],
  ] as const) {
    await page.goto(`${server.url}/topology${query}`);
    const graph = page.getByTestId("topology-graph");
    await expect(graph).toHaveAttribute("data-ready", "true", { timeout: 120_000 });
    expect(Number(await graph.getAttribute("data-nodes"))).toBeGreaterThanOrEqual(500);
    await expect(page.locator(".react-flow__node-service").first()).toBeVisible();
    await page.waitForFunction(() => Reflect.get(window, "__graphShownAt") !== undefined);
    const measured = await page.evaluate(timings);
    const clickMs = await page.evaluate(clickFirstNode);
    await expect(page.getByRole("complementary", { name: "Selection details" })).toBeVisible();
    figures[`${label}: topology API response (ms)`] = measured.topologyApi;
    figures[`${label}: layout in the worker (ms)`] = measured.layout;
    figures[`${label}: graph shown and clickable, from navigation start (ms)`] = measured.shownAt;
    figures[`${label}: click to side panel (ms)`] = Math.round(clickMs);
  }
  for (const [name, value] of Object.entries(figures)) {
    test.info().annotations.push({ type: "timing", description: `${name}: ${value}` });
  }
  console.log(
    `topology of ${MESH.services.length} services / ${MESH.calls.length} edges:\n${JSON.stringify(figures, null, 2)}`,
  );
});
