/** The behaviour of each shop service: small JSON handlers that call their backends through the sidecar. */
import http from "node:http";
import { type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { INVENTORY_DB } from "../shop";
import { callPricing, servePricing } from "./grpcPricing";

export interface RunningInstance {
  port: number;
  setOutbound(address: string): void;
  close(): void;
}

interface Reply {
  status: number;
  body: unknown;
}

const tracer = trace.getTracer("weft-demo-shop");

export async function startInstance(service: string, version: string): Promise<RunningInstance> {
  let outbound = "";
  const call = (target: string, path: string) => callService(outbound, target, path);
  if (service === "pricing") {
    const server = await servePricing(version);
    return { port: server.port, setOutbound: () => {}, close: server.close };
  }
  const handle = handlerFor(service, version, call, () => outbound);
  const server = http.createServer((request, response) => {
    handle(request.url ?? "/").then(
      (reply) => send(response, reply),
      (error: unknown) => send(response, { status: 500, body: { error: String(error) } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : 0,
    setOutbound: (value) => {
      outbound = value;
    },
    close: () => server.close(),
  };
}

type Call = (target: string, path: string) => Promise<Reply>;

function handlerFor(service: string, version: string, call: Call, outbound: () => string) {
  const id = (url: string) => url.split("/").filter(Boolean)[1] ?? "1";
  switch (service) {
    case "web":
      return async (url: string): Promise<Reply> => {
        if (url.startsWith("/product/")) return pass(await call("catalog", `/products/${id(url)}`));
        if (url.startsWith("/cart/")) return pass(await call("cart", `/cart/${id(url)}`));
        const [products, cart] = await Promise.all([call("catalog", "/products/1"), call("cart", "/cart/1")]);
        return products.status >= 500 ? products : cart.status >= 500 ? cart : ok({ home: true });
      };
    case "catalog":
      return async (url: string): Promise<Reply> => {
        const stock = await queryInventory(id(url));
        const reviews = await call("reviews", `/reviews/${id(url)}`);
        return reviews.status >= 500 ? reviews : ok({ product: id(url), stock, reviews: reviews.body });
      };
    case "cart":
      return async (url: string): Promise<Reply> => {
        try {
          const quote = await callPricing(outbound(), { user: id(url), items: 3 });
          return ok({ user: id(url), quote });
        } catch (error) {
          return { status: 502, body: { error: `pricing: ${String(error)}` } };
        }
      };
    case "reviews":
      return async (url: string): Promise<Reply> => {
        const ratings = await call("ratings", `/ratings/${id(url)}`);
        return ratings.status >= 500 ? ratings : ok({ version, ratings: ratings.body });
      };
    default:
      return async (url: string): Promise<Reply> => ok({ product: id(url), stars: (id(url).length % 5) + 1 });
  }
}

const ok = (body: unknown): Reply => ({ status: 200, body });
const pass = (reply: Reply): Reply => (reply.status >= 500 ? { status: 502, body: reply.body } : reply);

function send(response: http.ServerResponse, reply: Reply): void {
  response.writeHead(reply.status, { "content-type": "application/json" });
  response.end(JSON.stringify(reply.body));
}

/** HTTP through the sidecar's outbound port with the service name as Host; transport errors become 503. */
function callService(outbound: string, target: string, path: string): Promise<Reply> {
  const [host = "127.0.0.1", port = "0"] = outbound.split(":");
  if (!outbound) return Promise.resolve({ status: 503, body: { error: "no sidecar yet" } });
  return new Promise((resolve) => {
    const request = http.request(
      { host, port: Number(port), path, headers: { host: target } },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 502, body: parse(text) }));
      },
    );
    request.setTimeout(5000, () => request.destroy(new Error("timeout")));
    request.on("error", (error) => resolve({ status: 503, body: { error: error.message } }));
    request.end();
  });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A pretend database query: a CLIENT span to a peer nobody instruments, so the graph shows it as external. */
function queryInventory(product: string): Promise<number> {
  return tracer.startActiveSpan(
    "SELECT inventory",
    {
      kind: SpanKind.CLIENT,
      attributes: {
        "peer.service": INVENTORY_DB,
        "db.system": "postgresql",
        "db.operation": "SELECT",
        "server.address": INVENTORY_DB,
        "server.port": 5432,
      },
    },
    (span: Span) =>
      new Promise<number>((resolve) =>
        setTimeout(() => {
          span.setStatus({ code: SpanStatusCode.OK });
          span.end();
          resolve(product.length * 7);
        }, 2),
      ),
  );
}
