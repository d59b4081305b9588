import { expect, type Locator, type Page, test } from "@playwright/test";
import { otlpUpstreamGaugeRequest } from "../../lib/console/testing/otlpUpstreamGauges";
import {
  ADMIN_PASSWORD,
  type ConsoleServer,
  logIn,
  sendMetrics,
  sendSpans,
  startConsoleServer,
  trafficSpans,
} from "./console-support";

// Ejected endpoints and open circuit breakers on the graph: calls web → cart and web → catalog as spans,
// then web's sidecar reports (as OTLP gauges through the console port) one of cart's two endpoints
// ejected and its max_requests breaker open. The graph marks the edge and cart, the side panel explains,
// the pills stay readable in both themes, and a recovery clears them.

let server: ConsoleServer;

const nowNs = () => BigInt(Date.now()) * 1_000_000n;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  server = await startConsoleServer();
  await sendSpans(
    server.url,
    trafficSpans(
      [
        { from: "web", to: "cart" },
        { from: "web", to: "catalog" },
      ],
      { count: 6, minutes: 5 },
    ),
  );
  await sendMetrics(
    server.url,
    otlpUpstreamGaugeRequest(
      "web",
      "web-1",
      [
        { destination: "cart", endpoints: 2, ejected: 1, open: ["max_requests"] },
        { destination: "catalog", endpoints: 3, ejected: 0 },
      ],
      nowNs(),
    ),
  );
});

test.afterAll(async () => {
  await server?.stop();
});

/** WCAG contrast ratio between an element's text colour and its background colour. */
async function contrastOf(locator: Locator): Promise<number> {
  return locator.evaluate((element) => {
    const style = getComputedStyle(element);
    // Colours come back as rgb()/rgba() or, for color-mix(), as color(srgb r g b); both give sRGB channels.
    const channels = (css: string): number[] => {
      const numbers = (css.match(/[\d.]+/g) ?? []).map(Number);
      const rgb = css.startsWith("color(") ? numbers.slice(0, 3).map((v) => v * 255) : numbers.slice(0, 3);
      return rgb.map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
    };
    const luminance = (css: string) => {
      const [r = 0, g = 0, b = 0] = channels(css);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const a = luminance(style.color);
    const b = luminance(style.backgroundColor);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}

async function openTopology(page: Page) {
  await logIn(page, server.url, "admin", ADMIN_PASSWORD);
  await page.goto(`${server.url}/topology?from=now-15m`);
  await expect(page.getByTestId("topology-graph")).toHaveAttribute("data-ready", "true");
}

test("an ejection and an open breaker are marked on the edge and the callee, and explained", async ({
  page,
}) => {
  await openTopology(page);
  const edgeMarker = page.getByTestId("edge-upstream-web>cart");
  await expect(edgeMarker).toBeVisible();
  await expect(edgeMarker.locator('[data-kind="ejection"]')).toHaveText("⏏ 1/2");
  await expect(edgeMarker.locator('[data-kind="breaker-open"]')).toHaveText("⊘");
  await expect(edgeMarker).toHaveAttribute("title", "⏏ 1/2 ejected · ⊘ breaker open: max_requests");
  await expect(page.getByTestId("edge-upstream-web>catalog")).toHaveCount(0);

  const nodeMarker = page.getByTestId("node-upstream-cart");
  await expect(nodeMarker).toBeVisible();
  await expect(nodeMarker).toContainText("⏏ 1/2 ejected");
  await expect(nodeMarker).toContainText("⊘ max_requests");
  await expect(page.getByTestId("node-cart")).toHaveAttribute("data-upstream", "trouble");
  await expect(page.getByTestId("node-upstream-catalog")).toHaveCount(0);
  await expect(page.getByRole("group", { name: "Graph options" })).toContainText("breaker open");

  // The marker opens the edge's side panel.
  await edgeMarker.click();
  await expect(page).toHaveURL(/select=edge%3Aweb%3Ecart/);
  const panel = page.getByRole("complementary", { name: "Selection details" });
  await expect(panel.getByRole("heading", { name: "web → cart" })).toBeVisible();
  const notice = panel.getByTestId("upstream-notice");
  await expect(notice).toContainText("web's sidecars have ejected 1 of the 2 cart endpoints");
  await expect(notice).toContainText("circuit breaker limit max_requests of cart reached");
  await expect(notice.getByRole("link", { name: /circuit breakers of cart/ })).toHaveAttribute(
    "href",
    "/policy?service=cart",
  );

  // The callee's panel names the caller that reports it.
  await page.getByTestId("node-cart").click();
  await expect(panel.getByTestId("upstream-notice")).toContainText("Sidecars of web have ejected 1 of the 2");
});

test("the pills are readable in the light and the dark theme", async ({ page }) => {
  await openTopology(page);
  const pills = page.getByTestId("edge-upstream-web>cart").locator("[data-kind]");
  await expect(pills).toHaveCount(2);
  for (const theme of ["light", "dark"]) {
    await page.evaluate((value) => {
      document.documentElement.dataset.theme = value;
    }, theme);
    for (const pill of await pills.all()) {
      expect(await contrastOf(pill), `${theme}: ${await pill.textContent()}`).toBeGreaterThanOrEqual(4.5);
    }
  }
});

test("a recovery reported by the sidecar clears the markers", async ({ page }) => {
  await sendMetrics(
    server.url,
    otlpUpstreamGaugeRequest("web", "web-1", [{ destination: "cart", endpoints: 2, ejected: 0 }], nowNs()),
  );
  await openTopology(page);
  await expect(page.getByTestId("node-cart")).toBeVisible();
  await expect(page.getByTestId("edge-upstream-web>cart")).toHaveCount(0);
  await expect(page.getByTestId("node-upstream-cart")).toHaveCount(0);
  await expect(page.getByTestId("node-cart")).not.toHaveAttribute("data-upstream", "trouble");
});
