import { expect, type Page, test } from "@playwright/test";

test.use({ baseURL: process.env.WEFT_E2E_URL });

async function logIn(page: Page, username: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("current-user")).toContainText(username);
}

test("an admin creates a viewer; the viewer is refused user administration in the UI and the API", async ({
  page,
}) => {
  const viewerName = `viewer${Date.now() % 100000}`;
  await page.goto("/users");
  await expect(page).toHaveURL(/\/login/);

  await logIn(page, "admin", process.env.WEFT_E2E_ADMIN_PASSWORD!);
  await page.getByRole("link", { name: "Users" }).click();
  await page.getByLabel("New username").fill(viewerName);
  await page.getByLabel("New user password").fill("viewer-password");
  await page.getByLabel("New user role").selectOption("viewer");
  await page.getByRole("button", { name: "Create user" }).click();
  const usersTable = page.getByRole("table", { name: "Users" });
  await expect(usersTable.getByRole("row", { name: new RegExp(viewerName) })).toBeVisible();
  await expect(page.getByLabel(`Role of ${viewerName}`)).toHaveValue("viewer");

  // An admin can end all of a user's sessions from the same table.
  await usersTable
    .getByRole("row", { name: new RegExp(viewerName) })
    .getByRole("button", { name: "Sign out everywhere" })
    .click();
  await expect(page.getByRole("status")).toContainText("Ended 0 session(s).");

  // The change is in the audit trail, attributed to the admin.
  await page.getByRole("link", { name: "Audit" }).click();
  await expect(page.getByRole("cell", { name: `created user ${viewerName} with role viewer` })).toBeVisible();

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);

  await logIn(page, viewerName, "viewer-password");
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("status")).toContainText("needs the admin role");
  await expect(page.getByRole("button", { name: "Create user" })).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Users" })).toHaveCount(0);

  // The API refuses the same thing with 403, even with a valid session and CSRF token.
  const status = await page.evaluate(async () => {
    const csrf = decodeURIComponent(document.cookie.match(/weft_csrf=([^;]*)/)?.[1] ?? "");
    const response = await fetch("/api/v1/users", {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": csrf },
      body: JSON.stringify({ username: "sneaky", password: "sneaky-password", role: "admin" }),
    });
    return { status: response.status, body: await response.json() };
  });
  expect(status.status).toBe(403);
  expect(status.body.error.code).toBe("forbidden");
  expect((await page.request.get("/api/v1/users")).status()).toBe(403);
});

test("the console shell has navigation, empty states and a theme toggle", async ({ page }) => {
  await logIn(page, "admin", process.env.WEFT_E2E_ADMIN_PASSWORD!);
  for (const [link, heading] of [
    ["Topology", "No services have reported yet"],
    ["Services", "No services yet"],
    ["Traces", "No traces stored yet"],
    ["Traffic policy", "No traffic policy yet"],
    ["Proxies", "No proxy has connected yet"],
  ] as const) {
    await page.getByRole("link", { name: link, exact: true }).click();
    await expect(page.getByRole("heading", { name: heading })).toBeVisible();
  }
  const before = await page.evaluate(() => document.documentElement.dataset.theme);
  await page.getByRole("button", { name: "Switch theme" }).click();
  const after = await page.evaluate(() => document.documentElement.dataset.theme);
  expect(after).not.toBe(before);
  await page.reload();
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(after);
});
