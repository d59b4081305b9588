import { expect, test } from "@playwright/test";
import type { SpanSpec } from "../../lib/console/testing/otlpTraces";
import { ADMIN_PASSWORD, type ConsoleServer, logIn, sendSpans, startConsoleServer } from "./console-support";

// One trace of 10,001 spans sent through OTLP, then opened in the console: the waterfall draws only the
// rows in view (virtualised), reaches the last span by scrolling, collapses and expands a subtree of
// 10,000 spans, and shows a span's details. The time to the first rows is printed, not asserted.

let server: ConsoleServer;
const TRACE_ID = "7ace".repeat(8);
const CALLS = 100;
const STEPS = 98;

const hex16 = (n: number) => n.toString(16).padStart(16, "0");

/** web's root span → 100 calls, each to a server span of one of 20 services with 98 internal steps. */
function bigTrace(nowNs: bigint): SpanSpec[] {
  const ms = 1_000_000n;
  const root: SpanSpec = {
    traceId: TRACE_ID,
    spanId: hex16(1),
    service: "web",
    name: "GET /big",
    kind: "server",
    startNs: nowNs - 5_000n * ms,
    durationNs: 4_000n * ms,
  };
  const spans: SpanSpec[] = [root];
  for (let call = 0; call < CALLS; call++) {
    const service = `svc-${call % 20}`;
    const start = root.startNs + BigInt(call * 35) * ms;
    const client = hex16(1_000 + call);
    const serverSpan = hex16(100_000 + call);
    spans.push(
      {
        traceId: TRACE_ID,
        spanId: client,
        parentSpanId: root.spanId,
        service: "web",
        name: `call ${service} #${call}`,
        kind: "client",
        startNs: start,
        durationNs: 34n * ms,
      },
      {
        traceId: TRACE_ID,
        spanId: serverSpan,
        parentSpanId: client,
        service,
        name: `GET /work/${call}`,
        kind: "server",
        startNs: start + ms,
        durationNs: 32n * ms,
        attributes: { "call.index": call },
      },
    );
    for (let step = 0; step < STEPS - 1; step++) {
      spans.push({
        traceId: TRACE_ID,
        spanId: hex16(10_000_000 + call * 1_000 + step),
        parentSpanId: serverSpan,
        service,
        name: `step ${call}.${step}`,
        kind: "internal",
        startNs: start + ms + BigInt(step) * 300_000n,
        durationNs: 250_000n,
      });
    }
  }
  return spans;
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  server = await startConsoleServer();
  const spans = bigTrace(BigInt(Date.now()) * 1_000_000n);
  expect(spans).toHaveLength(1 + CALLS * (2 + STEPS - 1));
  await sendSpans(server.url, spans, 2_000);
});

test.afterAll(async () => {
  await server?.stop();
});

test("a 10,000-span trace: virtualised waterfall, scroll to the end, collapse, details", async ({ page }) => {
  test.setTimeout(120_000);
  await logIn(page, server.url, "admin", ADMIN_PASSWORD);
  const apiStart = Date.now();
  const api = await page.request.get(`${server.url}/api/v1/traces/${TRACE_ID}`);
  const apiMs = Date.now() - apiStart;
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { spans: unknown[] };
  expect(body.spans).toHaveLength(1 + CALLS * (2 + STEPS - 1));

  const started = Date.now();
  await page.goto(`${server.url}/traces/${TRACE_ID}`);
  const rows = page.getByTestId("span-row");
  await expect(rows.first()).toContainText("GET /big", { timeout: 30_000 });
  const firstRowsMs = Date.now() - started;
  // Only what is in view (plus overscan) is in the document.
  const drawn = await rows.count();
  expect(drawn).toBeGreaterThan(5);
  expect(drawn).toBeLessThan(300);

  // Scrolling to the end brings the very last span into the document.
  const tree = page.getByRole("tree", { name: "Spans" });
  await tree.evaluate((element) => {
    element.scrollTop = element.scrollHeight;
  });
  await expect(page.getByTitle(`svc-19: step 99.${STEPS - 2}`, { exact: true })).toBeVisible();
  expect(await rows.count()).toBeLessThan(300);

  // Collapsing the root hides 10,000 spans; expanding brings them back.
  await tree.evaluate((element) => {
    element.scrollTop = 0;
  });
  await page.getByRole("button", { name: "Collapse web: GET /big" }).click();
  await expect(rows).toHaveCount(1);
  await page.getByRole("button", { name: "Expand web: GET /big" }).click();
  await expect(rows.nth(1)).toContainText("call svc-0 #0");

  // A span's details.
  await rows.nth(2).locator(".wf-name").click();
  const detail = page.getByRole("complementary", { name: "Span details" });
  await expect(detail.getByRole("heading", { name: "GET /work/0" })).toBeVisible();
  await expect(detail).toContainText("call.index");

  test
    .info()
    .annotations.push(
      { type: "timing", description: `trace by id API, 10,001 spans: ${apiMs} ms` },
      { type: "timing", description: `trace page to first rows: ${firstRowsMs} ms` },
    );
  console.log(
    `trace of 10,001 spans: API ${apiMs} ms, page to first rows ${firstRowsMs} ms, ${drawn} rows drawn`,
  );
});
