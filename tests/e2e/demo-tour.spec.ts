import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { alive, sleep, windowStart } from "../support/demoProcesses";
import { runWeft, type WeftProcess, waitForOutput } from "../support/weftProcess";
import { logIn } from "./console-support";

// The README tour in the browser against a real `weft demo` (its own data directory, free ports, 1 s
// telemetry): scenario 1 with the weight sliders, dry run and apply, checked against the observed
// per-version traffic; scenario 2 with the fault editor, checked against the edge's errors and the graph's
// fault marker; scenario 3 through the API, checked against the graph's ejection marker on web → cart;
// scenario 4 as a one-click restore in History, then the Audit page.

/** The password `weft demo` gives admin on a new data directory (DEFAULT_DEMO_PASSWORD, as the README says). */
const DEMO_PASSWORD = "weft-demo";

let demo: WeftProcess | undefined;
let childPids: number[] = [];
let dataDir = "";
let url = "";

async function versionCounts(request: APIRequestContext, from: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const version of ["v1", "v2", "v3"]) {
    const response = await request.get(
      `${url}/api/v1/services/reviews/series?from=${from}&step=1m&version=${version}`,
    );
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { points: { requests: number }[] };
    counts[version] = body.points.reduce((sum, point) => sum + point.requests, 0);
  }
  return counts;
}

async function splitWeights(request: APIRequestContext): Promise<Record<string, number>> {
  const response = await request.get(`${url}/api/v1/config`);
  const body = (await response.json()) as {
    config: {
      services: { name: string; routes?: { destinations: { subset?: string; weight?: number }[] }[] }[];
    };
  };
  const route = body.config.services.find((s) => s.name === "reviews")?.routes?.[0];
  return Object.fromEntries((route?.destinations ?? []).map((d) => [d.subset ?? "", d.weight ?? 0]));
}

async function edgeCounts(
  request: APIRequestContext,
  from: string,
  source: string,
  target: string,
): Promise<{ requests: number; errors: number }> {
  const response = await request.get(`${url}/api/v1/topology?from=${from}`);
  const body = (await response.json()) as {
    edges: { source: string; target: string; requests: number; errors: number }[];
  };
  const edge = body.edges.find((e) => e.source === source && e.target === target);
  return { requests: edge?.requests ?? 0, errors: edge?.errors ?? 0 };
}

async function ratingsFault(request: APIRequestContext): Promise<unknown> {
  const response = await request.get(`${url}/api/v1/config`);
  const body = (await response.json()) as {
    config: { services: { name: string; routes?: { fault?: unknown }[] }[] };
  };
  return body.config.services.find((s) => s.name === "ratings")?.routes?.[0]?.fault;
}

test.beforeAll(async () => {
  test.setTimeout(150_000);
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "weft-demo-e2e-"));
  demo = runWeft(
    ["demo", "--port", "0", "--interval-ms", "1000", "--status-ms", "2000", "--load-rate", "20"],
    // The default password: the tour logs in as the README says.
    { WEFT_DATA_DIR: dataDir, WEFT_ADMIN_PASSWORD: undefined, WEFT_SPAN_CALL_SETTLE_SECONDS: "1" },
  );
  const pids = await waitForOutput(demo, /demo: processes (\S+)/, 120_000);
  childPids = (pids[1] ?? "").split(",").map(Number);
  await waitForOutput(demo, /demo: ready/, 30_000);
  url = (await waitForOutput(demo, /weft: console: (http:\/\/\S+)/))[1]!.replace("localhost", "127.0.0.1");
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  if (demo && demo.child.exitCode === null) {
    const killer = setTimeout(() => demo?.child.kill("SIGKILL"), 15_000);
    await demo.stop();
    clearTimeout(killer);
  }
  // Whatever happened above, no child of the demo may outlive the test.
  for (const pid of childPids) if (alive(pid)) process.kill(pid, "SIGKILL");
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

test("the tour in the console: canary with the sliders, aborts on ratings, cart ejected on the graph, one-click restore", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await logIn(page, url, "admin", DEMO_PASSWORD);
  expect(await splitWeights(page.request)).toEqual({ v1: 100 });
  const latest = await page.request.get(`${url}/api/v1/revisions?limit=1`);
  const before = ((await latest.json()) as { revisions: { number: number }[] }).revisions[0]!.number;

  // Scenario 1: add v2 to the split rule, move v1 to 50, preview, apply.
  await page.goto(`${url}/policy?service=reviews`);
  const rule = page.getByRole("region", { name: "Rule split" });
  await rule.getByLabel("Add destination").selectOption("reviews|v2");
  await rule.getByLabel("Weight of reviews|v1 in percent").fill("50");
  await expect(rule.getByLabel("Weight of reviews|v2 in percent")).toHaveValue("50");
  await expect(rule.getByText("Sum: 100%")).toBeVisible();
  const change = page.getByRole("region", { name: "Pending change" });
  await change.getByRole("button", { name: "Preview changes" }).click();
  const diff = change.getByRole("region", { name: "Dry-run diff" });
  await expect(diff).toContainText("destinations[reviews|v1] › weight");
  await expect(diff).toContainText(/100\s*→\s*50/);
  expect(await splitWeights(page.request)).toEqual({ v1: 100 });
  await change.getByLabel("Change message").fill("canary v2 at 50%");
  await change.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("status")).toContainText(/Applied as revision \d+/);
  expect(await splitWeights(page.request)).toEqual({ v1: 50, v2: 50 });

  // The observed traffic follows: counted over 10 s once v2 has started to receive requests.
  const from = windowStart();
  const first = await versionCounts(page.request, from);
  await expect
    .poll(async () => (await versionCounts(page.request, from)).v2 ?? 0, { timeout: 20_000 })
    .toBeGreaterThan((first.v2 ?? 0) + 5);
  await sleep(2000);
  const start = await versionCounts(page.request, from);
  await sleep(10_000);
  const end = await versionCounts(page.request, from);
  const v1 = (end.v1 ?? 0) - (start.v1 ?? 0);
  const v2 = (end.v2 ?? 0) - (start.v2 ?? 0);
  console.log(`demo e2e: after the shift, reviews v1 ${v1} and v2 ${v2} requests in 10 s`);
  expect(v1 + v2).toBeGreaterThan(40);
  expect(v2 / (v1 + v2)).toBeGreaterThan(0.35);
  expect(v2 / (v1 + v2)).toBeLessThan(0.65);
  expect((end.v3 ?? 0) - (start.v3 ?? 0)).toBe(0);

  // Scenario 2: 20% aborts on ratings for 5 minutes with the fault editor.
  await page.goto(`${url}/policy?service=ratings`);
  const ratingsRule = page.getByRole("region", { name: "Rule default" });
  await ratingsRule.getByLabel("Fault injection").check();
  await ratingsRule.getByLabel("Abort %").fill("20");
  await ratingsRule.getByRole("button", { name: "in 5 min" }).click();
  await change.getByRole("button", { name: "Preview changes" }).click();
  await expect(change.getByRole("region", { name: "Dry-run diff" })).toContainText("fault");
  await change.getByLabel("Change message").fill("chaos: 20% aborts on ratings");
  await change.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("status")).toContainText(/Applied as revision \d+/);
  const faultFrom = windowStart();
  const errorsBefore = (await edgeCounts(page.request, faultFrom, "reviews", "ratings")).errors;
  await expect
    .poll(async () => (await edgeCounts(page.request, faultFrom, "reviews", "ratings")).errors, {
      timeout: 20_000,
    })
    .toBeGreaterThan(errorsBefore + 5);
  // The graph marks ratings as a service with an active fault.
  await page.goto(`${url}/topology?from=now-5m`);
  await expect(page.getByTestId("node-ratings").getByTitle("fault injection active")).toBeVisible({
    timeout: 20_000,
  });

  // Scenario 3: slow pricing down and give web → cart a 200 ms timeout (through the API, as the README
  // shows); the timeouts eject cart in web's sidecar and the graph marks the web → cart edge.
  const csrf = await page.evaluate(() =>
    decodeURIComponent(document.cookie.match(/weft_csrf=([^;]*)/)?.[1] ?? ""),
  );
  const write = { headers: { "x-csrf-token": csrf } };
  const delay = await page.request.put(`${url}/api/v1/services/pricing/routes/default/fault`, {
    ...write,
    data: {
      fault: { delay: { percentage: 100, duration: "500ms" } },
      expiresIn: "5m",
      message: "slow pricing",
    },
  });
  expect(delay.status()).toBe(200);
  const current = (await (await page.request.get(`${url}/api/v1/config`)).json()) as {
    config: { services: { name: string; routes?: { name: string; timeout?: string }[] }[] };
    revision: { number: number };
  };
  const cartRoute = current.config.services.find((x) => x.name === "cart")?.routes?.[0];
  cartRoute!.timeout = "200ms";
  const timeout = await page.request.put(`${url}/api/v1/config`, {
    ...write,
    data: {
      config: current.config,
      expectedRevision: current.revision.number,
      message: "200ms timeout on web → cart",
    },
  });
  expect(timeout.status()).toBe(200);
  // Auto-refresh every 5 s: the marker appears once the sidecar has reported the ejection.
  await page.goto(`${url}/topology?from=now-5m&refresh=5s`);
  await expect(page.getByTestId("edge-upstream-web>cart").locator('[data-kind="ejection"]')).toHaveText(
    "⏏ 1/1",
    { timeout: 30_000 },
  );
  await expect(page.getByTestId("node-upstream-cart")).toContainText("ejected");

  // Scenario 4: roll every change back from History in one click, to the revision before the canary.
  await page.goto(`${url}/policy?tab=history`);
  const revisions = page.getByRole("table", { name: "Revisions" });
  await expect(revisions.getByRole("row", { name: /current/ })).toContainText("200ms timeout on web → cart");
  await expect(revisions.getByRole("row").filter({ hasText: "canary v2 at 50%" })).toContainText("admin");
  await revisions.getByRole("button", { name: `Restore r${before}` }).click();
  await expect(page.getByRole("status")).toContainText(/Restored as revision \d+/);
  await expect(revisions.getByRole("row", { name: /current/ })).toContainText(`restore r${before}`);
  expect(await splitWeights(page.request)).toEqual({ v1: 100 });
  expect(await ratingsFault(page.request)).toBeUndefined();

  // Audit names admin for the change and for the restore, newest first.
  await page.goto(`${url}/audit?action=mesh.`);
  const rows = page.locator("tbody tr");
  await expect(rows.first()).toContainText("mesh.restore");
  await expect(rows.first()).toContainText("admin");
  // The console applies the whole edited config (mesh.apply), where the API tour's PUT …/weights is mesh.weights.
  await expect(rows.nth(1)).toContainText("mesh.apply");
  await expect(rows.nth(1)).toContainText("200ms timeout on web → cart");
  await expect(rows.nth(2)).toContainText("mesh.fault.set");
  await expect(rows.nth(3)).toContainText("mesh.apply");
  await expect(rows.nth(3)).toContainText("chaos: 20% aborts on ratings");
  await expect(rows.nth(4)).toContainText("mesh.apply");
  await expect(rows.nth(4)).toContainText("canary v2 at 50%");
  await expect(rows.nth(4)).toContainText("admin");
});
