import { expect, test } from "@playwright/test";
import {
  ADMIN_PASSWORD,
  type ConsoleServer,
  logIn,
  sendSpans,
  startConsoleServer,
  trafficSpans,
} from "./console-support";

// Clicking an edge shows its own charts (GET /api/v1/edges/series): rate, errors and latency of the calls
// as the caller saw them, with the config revisions of the range as markers.

let server: ConsoleServer;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  server = await startConsoleServer();
  const put = await server.admin.json("PUT", "/api/v1/config", {
    config: { services: [{ name: "web" }, { name: "cart" }, { name: "catalog" }] },
    message: "register the shop",
  });
  expect(put.status).toBe(200);
  await sendSpans(
    server.url,
    trafficSpans(
      [
        { from: "web", to: "cart" },
        { from: "web", to: "catalog" },
      ],
      { count: 12, minutes: 10 },
    ),
  );
});

test.afterAll(async () => {
  await server?.stop();
});

test("an edge's side panel charts its calls with the range's change markers", async ({ page }) => {
  await logIn(page, server.url, "admin", ADMIN_PASSWORD);
  await page.goto(`${server.url}/topology?from=now-30m`);
  await expect(page.getByTestId("topology-graph")).toHaveAttribute("data-ready", "true");
  const edgeSeries = page.waitForResponse(
    (response) => response.url().includes("/api/v1/edges/series") && response.url().includes("target=cart"),
  );
  await page.getByTestId("rf__edge-web>cart").click({ force: true });
  await expect(page).toHaveURL(/select=edge%3Aweb%3Ecart/);
  const answer = await (await edgeSeries).json();
  expect(answer.points.reduce((sum: number, p: { requests: number }) => sum + p.requests, 0)).toBe(12);

  const panel = page.getByRole("complementary", { name: "Selection details" });
  await expect(panel.getByRole("heading", { name: "web → cart" })).toBeVisible();
  // No call failed as the caller saw it, so only the error chart is flat.
  for (const [chart, empty] of [
    ["Request rate", "false"],
    ["Error rate", "true"],
    ["Latency", "false"],
  ]) {
    await expect(panel.getByTestId(`chart-${chart}`)).toHaveAttribute("data-empty", empty!);
  }
  await expect(
    panel
      .getByRole("list", { name: "Config changes in this range" })
      .first()
      .getByRole("link", { name: "r1" }),
  ).toHaveAttribute("href", /revision=1/);
});
