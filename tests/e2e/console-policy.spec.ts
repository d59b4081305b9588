import { expect, type Page, test } from "@playwright/test";
import {
  ADMIN_PASSWORD,
  type ConsoleServer,
  createUser,
  logIn,
  sendSpans,
  startConsoleServer,
  trafficSpans,
} from "./console-support";

// The traffic-policy editor against a real server: weights through the sliders, a dry-run diff before
// applying, the new revision as a marker on the service's charts, and a one-click rollback.

let server: ConsoleServer;

const SPLIT_CONFIG = {
  services: [
    {
      name: "reviews",
      namespace: "shop",
      subsets: [
        { name: "v1", labels: { version: "v1" } },
        { name: "v2", labels: { version: "v2" } },
      ],
      routes: [
        {
          name: "split",
          destinations: [
            { service: "reviews", subset: "v1", weight: 80 },
            { service: "reviews", subset: "v2", weight: 20 },
          ],
        },
      ],
    },
    { name: "ratings", namespace: "shop" },
  ],
};

interface ConfigAnswer {
  revision: { number: number };
  config: {
    services: {
      name: string;
      routes?: { destinations: { subset?: string; weight?: number }[]; fault?: unknown }[];
    }[];
  };
}

async function splitWeights(): Promise<number[]> {
  const current = await server.admin.json<ConfigAnswer>("GET", "/api/v1/config");
  const reviews = current.body.config.services.find((s) => s.name === "reviews");
  return reviews?.routes?.[0]?.destinations.map((d) => d.weight ?? 0) ?? [];
}

function splitRule(page: Page) {
  return page.getByRole("region", { name: "Rule split" });
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  server = await startConsoleServer();
  const put = await server.admin.json("PUT", "/api/v1/config", {
    config: SPLIT_CONFIG,
    message: "start an 80/20 split",
  });
  expect(put.status).toBe(200);
  await sendSpans(server.url, trafficSpans([{ from: "reviews", to: "ratings" }], { count: 20, minutes: 20 }));
});

test.afterAll(async () => {
  await server?.stop();
});

test("an admin shifts traffic to 70/30 with a dry run, sees the revision on the charts, and rolls back", async ({
  page,
}) => {
  await logIn(page, server.url, "admin", ADMIN_PASSWORD);
  await page.goto(`${server.url}/policy?service=reviews`);
  const rule = splitRule(page);
  await rule.getByLabel("Weight of reviews|v1", { exact: true }).fill("70");
  await expect(rule.getByLabel("Weight of reviews|v2 in percent")).toHaveValue("30");
  await expect(rule.getByText("Sum: 100%")).toBeVisible();

  const change = page.getByRole("region", { name: "Pending change" });
  await expect(change).toContainText("reviews: weights v1 80→70, v2 20→30");
  await expect(change.getByRole("button", { name: "Apply" })).toBeDisabled();
  await change.getByRole("button", { name: "Preview changes" }).click();
  const diff = change.getByRole("region", { name: "Dry-run diff" });
  await expect(diff.locator("tr.diff-changed")).toHaveCount(2);
  await expect(diff.locator("tr.diff-changed").first()).toContainText("destinations[reviews|v1] › weight");
  await expect(diff.locator("tr.diff-changed").first()).toContainText(/80\s*→\s*70/);
  await expect(change.getByTestId("dry-run-impact")).toContainText("No proxy is connected");
  expect(await splitWeights()).toEqual([80, 20]);

  await change.getByLabel("Change message").fill("shift 30% to v2");
  await change.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("status")).toContainText("Applied as revision 2");
  expect(await splitWeights()).toEqual([70, 30]);

  // The revision is a marker on the service's charts, linking to its diff.
  await page.goto(`${server.url}/services/reviews`);
  await expect(page.getByTestId("chart-Request rate")).toHaveAttribute("data-empty", "false");
  const marker = page
    .getByRole("list", { name: "Config changes in this range" })
    .first()
    .getByRole("link", { name: "r2" });
  await expect(marker).toBeVisible();
  await marker.click();
  await expect(page).toHaveURL(/tab=history&revision=2/);
  const revisionDiff = page.getByRole("region", { name: "Diff of revision 2" });
  await expect(revisionDiff.locator("tr.diff-changed").first()).toContainText(/80\s*→\s*70/);

  const revisions = page.getByRole("table", { name: "Revisions" });
  await expect(revisions.getByRole("row", { name: /r2 current/ })).toContainText("shift 30% to v2");
  await revisions.getByRole("button", { name: "Roll back" }).click();
  await expect(page.getByRole("status")).toContainText("Restored as revision 3");
  expect(await splitWeights()).toEqual([80, 20]);
  await expect(revisions.getByRole("row", { name: /r3 current/ })).toContainText("roll back r2");
});

test("bad input is explained inline and nothing is applied", async ({ page }) => {
  await logIn(page, server.url, "admin", ADMIN_PASSWORD);
  const before = (await server.admin.json<ConfigAnswer>("GET", "/api/v1/config")).body.revision.number;

  // Invalid YAML, then weights that do not sum to 100.
  await page.goto(`${server.url}/policy?tab=yaml`);
  const yaml = page.getByLabel("Mesh config YAML");
  await yaml.fill("services: [\n");
  await expect(page.getByRole("alert").filter({ hasText: /line \d+|\d+:\d+/ })).toBeVisible();
  const original = JSON.stringify(SPLIT_CONFIG).replace('"weight":20', '"weight":15');
  await yaml.fill(original);
  const change = page.getByRole("region", { name: "Pending change" });
  await expect(change.getByRole("alert")).toContainText("services[0].routes[0].destinations");
  await expect(change.getByRole("alert")).toContainText("100");
  await expect(change.getByRole("button", { name: "Preview changes" })).toBeDisabled();
  await change.getByRole("button", { name: "Discard" }).click();

  // A stale revision: someone else applies while this draft is open.
  await page.goto(`${server.url}/policy?service=reviews`);
  await splitRule(page).getByLabel("Weight of reviews|v1", { exact: true }).fill("60");
  const other = await server.admin.json("PUT", "/api/v1/config", {
    config: { ...SPLIT_CONFIG, services: [...SPLIT_CONFIG.services, { name: "pricing" }] },
    message: "someone else",
  });
  expect(other.status).toBe(200);
  await page
    .getByRole("region", { name: "Pending change" })
    .getByRole("button", { name: "Preview changes" })
    .click();
  await expect(page.getByRole("alert").filter({ hasText: "is no longer current" })).toBeVisible();
  const after = await server.admin.json<ConfigAnswer>("GET", "/api/v1/config");
  expect(after.body.revision.number).toBe(before + 1);
  expect(await splitWeights()).toEqual([80, 20]);
});

test("an operator cannot edit policy but can remove every fault with the kill switch", async ({ page }) => {
  const fault = await server.admin.json("PUT", "/api/v1/services/reviews/routes/split/fault", {
    fault: { abort: { percentage: 50, httpStatus: 503 } },
    expiresIn: "1h",
  });
  expect(fault.status).toBe(200);
  const operator = await createUser(server.admin, "oscar", "operator");
  await logIn(page, server.url, operator.username, operator.password);
  await page.goto(`${server.url}/policy?service=reviews`);
  await expect(page.getByText("read only · you may use the fault kill switch")).toBeVisible();
  await expect(splitRule(page)).toContainText("80%");
  await expect(page.getByRole("slider")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Preview changes" })).toHaveCount(0);

  const killSwitch = page.getByRole("region", { name: "Fault kill switch" });
  await expect(killSwitch).toContainText("reviews/split");
  await killSwitch.getByRole("button", { name: "Remove every fault" }).click();
  await killSwitch.getByRole("button", { name: "Yes, remove all 1" }).click();
  await expect(killSwitch.getByRole("status")).toContainText("Removed 1 fault(s)");
  const current = await server.admin.json<ConfigAnswer>("GET", "/api/v1/config");
  expect(current.body.config.services.find((s) => s.name === "reviews")?.routes?.[0]?.fault).toBeUndefined();
});
