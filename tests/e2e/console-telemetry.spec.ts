import { expect, test } from "@playwright/test";
import { callSpans } from "../../lib/console/testing/otlpTraces";
import {
  ADMIN_PASSWORD,
  type ConsoleServer,
  logIn,
  sendSpans,
  startConsoleServer,
  trafficSpans,
} from "./console-support";

// Real telemetry sent through the OTLP/HTTP endpoint, then read back through the console's pages:
// topology, service charts for the chosen range, and trace search by attribute down to the waterfall.

let server: ConsoleServer;

const SHOP = [
  { from: "web", to: "catalog" },
  { from: "web", to: "cart", errorEvery: 4 },
  { from: "catalog", to: "pricing" },
  { from: "web", to: "reviews" },
  { from: "reviews", to: "ratings" },
];
const ORDER_ID = `order-${Date.now()}`;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  server = await startConsoleServer();
  await sendSpans(server.url, trafficSpans(SHOP, { count: 12, minutes: 10 }));
  // One marked checkout trace: web → cart, with an attribute to find it by and an event on the cart span.
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const checkout = callSpans({
    id: 90_000,
    from: "web",
    to: "cart",
    startNs: nowNs - 2_000_000_000n,
    durationNs: 40_000_000n,
  });
  checkout[0]!.name = "POST /checkout";
  checkout[0]!.attributes = { "order.id": ORDER_ID };
  checkout[2]!.events = [{ name: "reserved stock", offsetNs: 1_000_000n, attributes: { items: "3" } }];
  checkout.push({
    traceId: checkout[0]!.traceId,
    spanId: "00000000000f00d1",
    parentSpanId: checkout[2]!.spanId,
    service: "cart",
    name: "SELECT stock",
    kind: "internal",
    startNs: nowNs - 1_990_000_000n,
    durationNs: 5_000_000n,
  });
  await sendSpans(server.url, checkout);
});

test.afterAll(async () => {
  await server?.stop();
});

test("the topology shows the services and calls that were sent, with details on click", async ({ page }) => {
  await logIn(page, server.url, "admin", ADMIN_PASSWORD);
  await page.goto(`${server.url}/topology`);
  for (const service of ["web", "catalog", "cart", "pricing", "reviews", "ratings"]) {
    await expect(page.getByTestId(`node-${service}`)).toBeVisible();
  }
  for (const { from, to } of SHOP) {
    await expect(page.getByTestId(`rf__edge-${from}>${to}`)).toHaveCount(1);
  }
  await expect(page.locator(".react-flow__edge")).toHaveCount(SHOP.length);
  // cart fails every 4th call: 25% errors, coloured as failing.
  await expect(page.getByTestId("node-cart")).toHaveAttribute("data-health", "failing");
  await expect(page.getByTestId("node-catalog")).toHaveAttribute("data-health", "healthy");

  await page.getByTestId("node-cart").click();
  const panel = page.getByRole("complementary", { name: "Selection details" });
  await expect(panel.getByRole("heading", { name: "cart" })).toBeVisible();
  await expect(panel.getByRole("link", { name: "Service page" })).toBeVisible();
  await expect(panel.getByRole("table").getByRole("link", { name: "web" })).toBeVisible();
  await expect(page).toHaveURL(/select=node%3Acart/);

  // Focus on pricing with depth 1: only catalog calls it.
  await page.getByLabel("Focus on service").selectOption("pricing");
  await page.getByLabel("Focus depth").fill("1");
  await expect(page.getByTestId("node-web")).toHaveCount(0);
  await expect(page.getByTestId("node-catalog")).toBeVisible();
  await expect(page.getByTestId("node-pricing")).toBeVisible();
});

test("service charts show data for the chosen range and nothing outside it", async ({ page }) => {
  await logIn(page, server.url, "admin", ADMIN_PASSWORD);
  await page.goto(`${server.url}/services`);
  const table = page.getByRole("table", { name: "Services" });
  await expect(table.getByRole("link", { name: "web", exact: true })).toBeVisible();
  await table.getByRole("button", { name: "Errors" }).click();
  await expect(table.locator("tbody tr").first()).toContainText("cart");

  await table.getByRole("link", { name: "catalog", exact: true }).click();
  await expect(page.getByRole("heading", { name: "catalog", level: 1 })).toBeVisible();
  const rate = page.getByTestId("chart-Request rate");
  await expect(rate).toHaveAttribute("data-empty", "false");
  await expect(page.getByRole("table", { name: "Callers" }).getByRole("link", { name: "web" })).toBeVisible();
  await expect(
    page.getByRole("table", { name: "Callees" }).getByRole("link", { name: "pricing" }),
  ).toBeVisible();

  // The global controls keep their state in the URL, so the link can be shared.
  await page.getByLabel("Time range", { exact: true }).selectOption("now-15m");
  await expect(page).toHaveURL(/from=now-15m/);
  await expect(page.getByTestId("chart-Request rate")).toHaveAttribute("data-empty", "false");
  await page.getByLabel("Auto-refresh").selectOption("30s");
  await expect(page).toHaveURL(/refresh=30s/);
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page).toHaveURL(/paused=1/);
  await page.getByRole("link", { name: "Topology", exact: true }).click();
  await expect(page).toHaveURL(/\/topology\?from=now-15m&refresh=30s&paused=1/);
  await page.getByLabel("Search services").fill("catalog");
  await page.getByLabel("Search services").press("Enter");
  await expect(page).toHaveURL(/\/services\/catalog\?from=now-15m/);

  // A range that ended before anything was sent: the same charts are empty.
  const before = new URL(page.url());
  before.searchParams.set("from", "now-3h");
  before.searchParams.set("to", "now-2h");
  await page.goto(before.toString());
  await expect(page.getByTestId("chart-Request rate")).toHaveAttribute("data-empty", "true");

  // An impossible range says what to fix.
  before.searchParams.set("from", "now");
  before.searchParams.set("to", "now-1h");
  await page.goto(before.toString());
  await expect(
    page.getByRole("alert").filter({ hasText: '"from" (now) must be before "to" (now-1h)' }),
  ).toBeVisible();
});

test("trace search finds a trace by attribute and the waterfall shows its spans in order", async ({
  page,
}) => {
  await logIn(page, server.url, "admin", ADMIN_PASSWORD);
  await page.goto(`${server.url}/traces`);
  await page.getByLabel("Attribute key 1").fill("order.id");
  await page.getByLabel("Attribute value 1").fill(ORDER_ID);
  await page.getByRole("button", { name: "Search traces" }).click();
  await expect(page).toHaveURL(new RegExp(`attr.order.id=${ORDER_ID}`));
  const results = page.getByRole("table", { name: "Traces" });
  await expect(results.locator("tbody tr")).toHaveCount(1);
  await results.getByRole("link", { name: "web: POST /checkout" }).click();

  const rows = page.getByTestId("span-row");
  await expect(rows).toHaveCount(4);
  await expect(rows.locator(".wf-name")).toHaveText([
    /web\s+POST \/checkout/,
    /web\s+call cart/,
    /cart\s+GET \/cart/,
    /cart\s+SELECT stock/,
  ]);
  await expect(rows.nth(3)).toHaveAttribute("aria-level", "4");

  // Collapse the cart subtree, then open a span's details.
  await page.getByRole("button", { name: "Collapse web: call cart" }).click();
  await expect(rows).toHaveCount(2);
  await page.getByRole("button", { name: "Expand web: call cart" }).click();
  await rows.nth(2).locator(".wf-name").click();
  const detail = page.getByRole("complementary", { name: "Span details" });
  await expect(detail.getByRole("heading", { name: "GET /cart" })).toBeVisible();
  await expect(detail).toContainText("reserved stock");
  await expect(detail.getByRole("link", { name: "cart" }).first()).toHaveAttribute("href", "/services/cart");

  // Unknown and malformed trace ids say so.
  await page.goto(`${server.url}/traces/${"ab".repeat(16)}`);
  await expect(
    page.getByRole("alert").filter({ hasText: `trace ${"ab".repeat(16)} not found` }),
  ).toBeVisible();
  await page.goto(`${server.url}/traces/not-a-trace`);
  await expect(
    page.getByRole("alert").filter({ hasText: "a trace id is 32 hexadecimal characters" }),
  ).toBeVisible();
});
