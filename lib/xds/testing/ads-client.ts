import * as grpc from "@grpc/grpc-js";
import { adsServiceDefinition } from "../ads-service";
import type {
  DeltaDiscoveryRequest,
  DeltaDiscoveryResponse,
  DiscoveryRequest,
  DiscoveryResponse,
} from "../messages";

// A bare ADS client on grpc-js with Weft's own codecs, for conformance tests of hostile requests and for the
// simulated-proxy benchmark. It does exactly what it is told: no automatic ACKs unless asked.

export interface AdsStream<Req, Res> {
  send(request: Req): void;
  /** The next response not yet taken, waiting up to `timeoutMs`. */
  next(timeoutMs?: number): Promise<Res>;
  /** Responses received and not yet taken by next(). */
  readonly buffered: Res[];
  /** Resolves with the stream's final status. */
  readonly status: Promise<grpc.StatusObject>;
  onResponse(listener: (response: Res) => void): void;
  close(): void;
}

export function adsClient(address: string): grpc.Client {
  return new grpc.Client(address, grpc.credentials.createInsecure(), {
    "grpc.max_receive_message_length": 64 * 1024 * 1024,
  });
}

export function openSotwStream(
  client: grpc.Client,
  metadata: grpc.Metadata = new grpc.Metadata(),
): AdsStream<DiscoveryRequest, DiscoveryResponse> {
  const method = adsServiceDefinition().StreamAggregatedResources;
  return wrap(
    client.makeBidiStreamRequest(method.path, method.requestSerialize, method.responseDeserialize, metadata),
  );
}

export function openDeltaStream(
  client: grpc.Client,
): AdsStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse> {
  const method = adsServiceDefinition().DeltaAggregatedResources;
  return wrap(client.makeBidiStreamRequest(method.path, method.requestSerialize, method.responseDeserialize));
}

function wrap<Req, Res>(call: grpc.ClientDuplexStream<Req, Res>): AdsStream<Req, Res> {
  const buffered: Res[] = [];
  const waiting: ((response: Res) => void)[] = [];
  const listeners: ((response: Res) => void)[] = [];
  const status = new Promise<grpc.StatusObject>((resolve) => call.on("status", resolve));
  call.on("error", () => {}); // the status promise carries the outcome
  call.on("data", (response: Res) => {
    for (const listener of listeners) listener(response);
    const waiter = waiting.shift();
    if (waiter) waiter(response);
    else buffered.push(response);
  });
  return {
    send: (request) => call.write(request),
    next: (timeoutMs = 5_000) => {
      const ready = buffered.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise<Res>((resolve, reject) => {
        const timer = setTimeout(() => {
          const index = waiting.indexOf(deliver);
          if (index >= 0) waiting.splice(index, 1);
          reject(new Error(`no ADS response within ${timeoutMs} ms`));
        }, timeoutMs);
        const deliver = (response: Res) => {
          clearTimeout(timer);
          resolve(response);
        };
        waiting.push(deliver);
      });
    },
    buffered,
    status,
    onResponse: (listener) => listeners.push(listener),
    close: () => call.cancel(),
  };
}
