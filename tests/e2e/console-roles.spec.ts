import { expect, test } from "@playwright/test";
import { type ConsoleServer, createUser, logIn, startConsoleServer } from "./console-support";

// Viewers see everything but no edit controls, and the API refuses their writes with 403 whatever the UI shows.

let server: ConsoleServer;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  server = await startConsoleServer();
  const put = await server.admin.json("PUT", "/api/v1/config", {
    config: {
      services: [
        {
          name: "reviews",
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
              fault: { delay: { percentage: 5, duration: "100ms" } },
            },
          ],
        },
      ],
    },
  });
  expect(put.status).toBe(200);
});

test.afterAll(async () => {
  await server?.stop();
});

test("a viewer sees the policy without edit controls and the API refuses their changes", async ({ page }) => {
  const viewer = await createUser(server.admin, "vera", "viewer");
  await logIn(page, server.url, viewer.username, viewer.password);
  await page.goto(`${server.url}/policy?service=reviews`);
  await expect(page.getByRole("region", { name: "Rule split" })).toContainText("reviews|v1");
  await expect(page.getByText("read only", { exact: true })).toBeVisible();
  await expect(page.getByRole("slider")).toHaveCount(0);
  await expect(page.getByRole("spinbutton")).toHaveCount(0);
  await expect(
    page.getByRole("button", { name: /Preview changes|Apply|Remove rule|\+ rule|Remove every fault/ }),
  ).toHaveCount(0);
  await expect(page.getByLabel("New service name")).toHaveCount(0);

  await page.getByRole("tab", { name: "YAML" }).click();
  await expect(page.getByRole("region", { name: "Mesh config YAML" })).toContainText("weight: 80");
  await expect(page.getByRole("textbox", { name: "Mesh config YAML" })).toHaveCount(0);

  await page.getByRole("tab", { name: "History" }).click();
  await expect(page.getByRole("table", { name: "Revisions" })).toContainText("r1");
  await expect(page.getByRole("button", { name: /Roll back|Restore/ })).toHaveCount(0);

  // Direct API mutations, with a valid session and CSRF token: 403 every time, nothing changed.
  const statuses = await page.evaluate(async () => {
    const csrf = decodeURIComponent(document.cookie.match(/weft_csrf=([^;]*)/)?.[1] ?? "");
    const send = async (method: string, path: string, body: unknown) =>
      (
        await fetch(path, {
          method,
          headers: { "content-type": "application/json", "x-csrf-token": csrf },
          body: JSON.stringify(body),
        })
      ).status;
    return {
      put: await send("PUT", "/api/v1/config", { config: { services: [] } }),
      weights: await send("PUT", "/api/v1/services/reviews/routes/split/weights", {
        destinations: [
          { service: "reviews", subset: "v1", weight: 50 },
          { service: "reviews", subset: "v2", weight: 50 },
        ],
      }),
      restore: await send("POST", "/api/v1/revisions/0/restore", {}),
      killSwitch: await send("POST", "/api/v1/faults/clear-all", {}),
      read: (await fetch("/api/v1/config")).status,
    };
  });
  expect(statuses).toEqual({ put: 403, weights: 403, restore: 403, killSwitch: 403, read: 200 });
  const current = await server.admin.json<{ revision: { number: number } }>("GET", "/api/v1/config");
  expect(current.body.revision.number).toBe(1);
});
