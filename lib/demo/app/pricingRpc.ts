/** The pricing gRPC service, defined without a .proto file: JSON messages on one unary method. */
import type { MethodDefinition } from "@grpc/grpc-js";

export interface QuoteRequest {
  user: string;
  items: number;
}
export interface QuoteReply {
  total: number;
  currency: string;
}

function json<T>(): { serialize: (value: T) => Buffer; deserialize: (bytes: Buffer) => T } {
  return {
    serialize: (value) => Buffer.from(JSON.stringify(value)),
    deserialize: (bytes) => JSON.parse(bytes.toString("utf8")) as T,
  };
}

const request = json<QuoteRequest>();
const reply = json<QuoteReply>();

export const QUOTE_METHOD: MethodDefinition<QuoteRequest, QuoteReply> = {
  path: "/shop.Pricing/Quote",
  requestStream: false,
  responseStream: false,
  requestSerialize: request.serialize,
  requestDeserialize: request.deserialize,
  responseSerialize: reply.serialize,
  responseDeserialize: reply.deserialize,
};

export const PRICING_SERVICE = { Quote: QUOTE_METHOD };
