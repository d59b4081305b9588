import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ControlPlane,
  request,
  startApp,
  startControlPlane,
  type TestApp,
  waitFor,
} from "@/lib/proxy/testing/harness";
import type { NodeInfo } from "@/lib/xds/node";
import { runWeft, waitForOutput } from "../support/weftProcess";

// `weft proxy` as a real process: settings from flags and WEFT_PROXY_* variables, validation messages,
// the banner with the actual addresses (ports 0), registration with the control plane, SIGTERM.

let cp: ControlPlane;
let app: TestApp;
const connects: NodeInfo[] = [];

beforeAll(async () => {
  cp = await startControlPlane({ onConnect: (node) => connects.push(node) });
  app = await startApp("reviews-app");
});

afterAll(async () => {
  await app.close();
  await cp.stop();
});

describe("weft proxy", () => {
  it("refuses bad settings with one clear line each and exit code 2", async () => {
    const p = runWeft(["proxy", "--service", "Bad_Name", "--labels", "version", "--inbound-port", "70000"], {
      WEFT_PROXY_APP: "nowhere",
      WEFT_PROXY_OTLP: "ftp://x",
    });
    expect(await p.exited).toBe(2);
    const out = p.output();
    expect(out).toMatch(/--service \(WEFT_PROXY_SERVICE\) 'Bad_Name' must be a lowercase DNS label/);
    expect(out).toMatch(/--labels \(WEFT_PROXY_LABELS\) entry 'version' must be key=value/);
    expect(out).toMatch(/--app \(WEFT_PROXY_APP\) 'nowhere' must be host:port/);
    expect(out).toMatch(/--otlp \(WEFT_PROXY_OTLP\) 'ftp:\/\/x' must be an http\(s\) URL/);
    expect(out).toMatch(
      /--inbound-port \(WEFT_PROXY_INBOUND_PORT\) '70000' must be an integer from 0 to 65535/,
    );
  });

  it("prints its settings with --help", async () => {
    const p = runWeft(["proxy", "--help"], {});
    expect(await p.exited).toBe(0);
    expect(p.output()).toMatch(/--outbound-port <value>.*\[15001\]/);
    expect(p.output()).toMatch(/env WEFT_PROXY_XDS/);
  });

  it("starts on free ports, registers, serves, and stops on SIGTERM", async () => {
    const p = runWeft(
      ["proxy", "--service", "reviews", "--labels", "version=v2,zone=a", "--app", `127.0.0.1:${app.port}`],
      {
        WEFT_PROXY_XDS: cp.address,
        WEFT_PROXY_NODE_ID: "reviews-cli",
        WEFT_PROXY_INBOUND_PORT: "0",
        WEFT_PROXY_OUTBOUND_PORT: "0",
        WEFT_PROXY_ADMIN_PORT: "0",
      },
    );
    try {
      const inbound = (await waitForOutput(p, /weft: proxy inbound: (127\.0\.0\.1:\d+)/))[1]!;
      const admin = (await waitForOutput(p, /weft: proxy admin: (127\.0\.0\.1:\d+)/))[1]!;
      await waitForOutput(p, /weft: proxy outbound: 127\.0\.0\.1:\d+/);
      await waitFor(() => connects.some((n) => n.id === "reviews-cli"), "registration", 20_000);
      const node = connects.find((n) => n.id === "reviews-cli");
      expect(node).toMatchObject({
        service: "reviews",
        labels: { version: "v2", zone: "a" },
        client: "weft-proxy",
      });
      expect(node?.inbound?.port).toBe(Number(inbound.split(":")[1]));
      expect((await request(admin, "admin", "/ready")).status).toBe(503);
      cp.publish("services:\n  - name: reviews\n", [], ["reviews-cli"]);
      await waitFor(async () => (await request(admin, "admin", "/ready")).status === 200, "ready", 20_000);
      const r = await request(inbound, "reviews", "/via-inbound");
      expect(r.status).toBe(200);
      expect(r.headers["x-app"]).toBe("reviews-app");
    } finally {
      expect(await p.stop("SIGTERM")).toBe(0);
    }
    expect(p.output()).toMatch(/weft: proxy stopped/);
  });

  it("answers Envoy's admin paths and drains and exits on POST /quitquitquit", async () => {
    const p = runWeft(["proxy", "--service", "ratings", "--app", `127.0.0.1:${app.port}`], {
      WEFT_PROXY_XDS: cp.address,
      WEFT_PROXY_NODE_ID: "ratings-cli",
      WEFT_PROXY_INBOUND_PORT: "0",
      WEFT_PROXY_OUTBOUND_PORT: "0",
      WEFT_PROXY_ADMIN_PORT: "0",
    });
    const admin = (await waitForOutput(p, /weft: proxy admin: (127\.0\.0\.1:\d+)/))[1]!;
    const inbound = (await waitForOutput(p, /weft: proxy inbound: (127\.0\.0\.1:\d+)/))[1]!;
    await waitFor(() => connects.some((n) => n.id === "ratings-cli"), "registration", 20_000);
    const info = async () => JSON.parse((await request(admin, "admin", "/server_info")).body);
    expect(await info()).toMatchObject({
      state: "INITIALIZING",
      node: { id: "ratings-cli", service: "ratings" },
    });
    cp.publish("services:\n  - name: ratings\n  - name: reviews\n", [], ["ratings-cli"]);
    await waitFor(async () => (await info()).state === "LIVE", "LIVE", 20_000);
    expect(JSON.parse((await request(admin, "admin", "/listeners")).body)).toEqual({
      listening: [
        { name: "inbound", address: inbound },
        { name: "outbound", address: expect.stringMatching(/^127\.0\.0\.1:\d+$/) },
        { name: "admin", address: admin },
      ],
      xds_listeners: expect.arrayContaining(["ratings", "reviews"]),
    });
    const prometheus = await request(admin, "admin", "/stats/prometheus");
    expect(prometheus.status).toBe(200);
    expect(prometheus.body).toMatch(/^weft_proxy_ready 1$/m);
    // A GET must not stop it; a POST does, with the usual drain.
    const wrongMethod = await request(admin, "admin", "/quitquitquit");
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe("POST");
    expect((await request(admin, "admin", "/server_info")).status).toBe(200);
    const quit = await request(admin, "admin", "/quitquitquit", { method: "POST" });
    expect(quit.status).toBe(200);
    expect(await p.exited).toBe(0);
    expect(p.output()).toMatch(/POST \/quitquitquit: shutting down/);
    expect(p.output()).toMatch(/weft: proxy stopped/);
  });
});
