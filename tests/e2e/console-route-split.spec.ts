import { expect, test } from "@playwright/test";
import { hexId, type SpanSpec } from "../../lib/console/testing/otlpTraces";
import { ADMIN_PASSWORD, type ConsoleServer, logIn, sendSpans, startConsoleServer } from "./console-support";

// "By route" on the service page offers the service's configured path rules and the http.route values its
// telemetry holds for the range; ticking routes charts them and keeps the choice in the URL.

let server: ConsoleServer;

/** `count` SERVER spans of "shop" on `route` over the last few minutes. */
function routeSpans(route: string, count: number, firstId: number): SpanSpec[] {
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  return Array.from({ length: count }, (_, k) => ({
    traceId: hexId(firstId + k, 32, 11),
    spanId: hexId(firstId + k, 16, 11),
    service: "shop",
    name: `GET ${route}`,
    kind: "server" as const,
    startNs: nowNs - 5_000_000_000n - BigInt(k) * 20_000_000_000n,
    durationNs: 8_000_000n,
    attributes: { "http.route": route },
  }));
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  server = await startConsoleServer();
  const put = await server.admin.json("PUT", "/api/v1/config", {
    config: {
      services: [
        {
          name: "shop",
          routes: [
            {
              name: "products",
              match: { path: { prefix: "/api/products/" } },
              destinations: [{ service: "shop" }],
            },
            { name: "cart", match: { path: { exact: "/api/cart" } }, destinations: [{ service: "shop" }] },
          ],
        },
      ],
    },
    message: "shop routes",
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  await sendSpans(server.url, [...routeSpans("/api/cart", 6, 0), ...routeSpans("/api/search", 9, 100)]);
});

test.afterAll(async () => {
  await server?.stop();
});

test("routes are offered from the config and the telemetry, and the choice stays in the URL", async ({
  page,
}) => {
  await logIn(page, server.url, "admin", ADMIN_PASSWORD);
  await page.goto(`${server.url}/services/shop?from=now-30m`);
  const picker = page.getByRole("group", { name: "Routes to compare" });
  const choice = (route: string) =>
    picker.getByRole("checkbox", { name: new RegExp(`^${route.replace(/[*/]/g, "\\$&")} `) });
  await expect(picker.locator("li")).toHaveCount(3);
  await expect(picker.locator("li").nth(0)).toContainText(
    "/api/products/* · rule products · no requests in range",
  );
  await expect(picker.locator("li").nth(1)).toContainText("/api/cart · rule cart ·");
  await expect(picker.locator("li").nth(2)).toContainText("/api/search ·");
  await expect(choice("/api/search")).not.toBeChecked();

  // The boxes show the URL's choice, which updates a moment after the click.
  await choice("/api/search").click();
  await expect(choice("/api/search")).toBeChecked();
  await choice("/api/cart").click();
  await expect(choice("/api/cart")).toBeChecked();
  await expect(page).toHaveURL(/routes=%2Fapi%2Fsearch%2C%2Fapi%2Fcart/);
  const rate = page.getByTestId("chart-Request rate by route");
  await expect(rate).toHaveAttribute("data-empty", "false");

  // A typed route joins the list and the URL; a reload keeps every choice.
  await picker.getByLabel("Another route").fill("/api/orders/*");
  await picker.getByRole("button", { name: "Add route" }).click();
  await expect(page).toHaveURL(/routes=%2Fapi%2Fsearch%2C%2Fapi%2Fcart%2C%2Fapi%2Forders%2F\*/);
  await page.reload();
  await expect(choice("/api/search")).toBeChecked();
  await expect(choice("/api/cart")).toBeChecked();
  await expect(choice("/api/orders/*")).toBeChecked();
  await expect(choice("/api/products/*")).not.toBeChecked();

  await choice("/api/cart").click();
  await expect(choice("/api/cart")).not.toBeChecked();
  await expect(page).toHaveURL(/routes=%2Fapi%2Fsearch%2C%2Fapi%2Forders%2F\*/);
});
