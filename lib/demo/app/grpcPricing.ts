/** pricing over gRPC: the server, and cart's client that reaches it through the sidecar (authority "pricing"). */
import {
  Client,
  credentials,
  Metadata,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type sendUnaryData,
} from "@grpc/grpc-js";
import { context, propagation, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { PRICING_SERVICE, QUOTE_METHOD, type QuoteReply, type QuoteRequest } from "./pricingRpc";

const tracer = trace.getTracer("weft-demo-pricing");

export async function servePricing(version: string): Promise<{ port: number; close: () => void }> {
  const server = new Server();
  server.addService(PRICING_SERVICE, {
    Quote: (call: ServerUnaryCall<QuoteRequest, QuoteReply>, callback: sendUnaryData<QuoteReply>) => {
      const carrier = Object.fromEntries(
        Object.entries(call.metadata.getMap()).map(([key, value]) => [key, String(value)]),
      );
      const parent = propagation.extract(context.active(), carrier);
      const span = tracer.startSpan(
        "shop.Pricing/Quote",
        {
          kind: SpanKind.SERVER,
          attributes: { "rpc.system": "grpc", "rpc.service": "shop.Pricing", version },
        },
        parent,
      );
      const total = Math.round(call.request.items * 9.99 * 100) / 100;
      span.setStatus({ code: SpanStatusCode.OK });
      span.end();
      callback(null, { total, currency: "EUR" });
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { port, close: () => server.forceShutdown() };
}

let client: { address: string; client: Client } | undefined;

export function callPricing(outbound: string, request: QuoteRequest): Promise<QuoteReply> {
  if (!outbound) return Promise.reject(new Error("no sidecar yet"));
  if (client?.address !== outbound) {
    client?.client.close();
    const created = new Client(outbound, credentials.createInsecure(), {
      "grpc.default_authority": "pricing",
    });
    client = { address: outbound, client: created };
  }
  const grpc = client.client;
  return tracer.startActiveSpan(
    "shop.Pricing/Quote",
    { kind: SpanKind.CLIENT, attributes: { "rpc.system": "grpc", "peer.service": "pricing" } },
    (span) => {
      const carrier: Record<string, string> = {};
      propagation.inject(context.active(), carrier);
      const metadata = new Metadata();
      for (const [key, value] of Object.entries(carrier)) metadata.set(key, value);
      return new Promise<QuoteReply>((resolve, reject) => {
        grpc.makeUnaryRequest(
          QUOTE_METHOD.path,
          QUOTE_METHOD.requestSerialize,
          QUOTE_METHOD.responseDeserialize,
          request,
          metadata,
          { deadline: Date.now() + 3000 },
          (error, reply) => {
            span.setStatus(
              error ? { code: SpanStatusCode.ERROR, message: error.message } : { code: SpanStatusCode.OK },
            );
            span.end();
            if (error || !reply) reject(error ?? new Error("empty reply"));
            else resolve(reply);
          },
        );
      });
    },
  );
}
