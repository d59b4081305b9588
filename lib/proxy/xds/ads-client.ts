/**
 * The ADS transport: one state-of-the-world stream (a bidirectional gRPC call over node:http2, see
 * grpc-stream.ts), driven by AdsSession. When the stream fails the proxy keeps serving its last accepted
 * configuration and reconnects after a jittered exponential delay (reset once a new stream is up). Each
 * attempt uses a fresh connection, so no transport back-off ever delays a control plane that is back.
 */
import type { DiscoveryRequest, DiscoveryResponse } from "@/lib/xds/messages";
import type { Random } from "../util/random";
import type { AdsSession, ResponseOutcome } from "./ads-session";
import { type BidiStream, GRPC_STATUS_NAMES, type GrpcStatus, openBidiStream } from "./grpc-stream";
import { DEFAULT_RECONNECT_BACKOFF, type ReconnectBackoff, reconnectDelayMs } from "./reconnect";
import { sidecarSchema } from "./wire/any-decoder";
import { encodeDiscoveryRequest } from "./wire/discovery-request";
import { discoveryResponseDecoder } from "./wire/discovery-response";

const ADS_PATH = "/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources";

export interface AdsClientOptions {
  /** "host:port" of the control plane's xDS port. */
  readonly address: string;
  readonly token?: string;
  readonly session: AdsSession;
  readonly random: Random;
  readonly backoff?: ReconnectBackoff;
  /** Called after every response, with what the session made of it. */
  readonly onOutcome: (outcome: ResponseOutcome) => void;
  readonly log: (line: string) => void;
}

export interface AdsClientStats {
  /** The stream is open on a channel that reached READY. */
  connected: boolean;
  streamsOpened: number;
  streamFailures: number;
  responses: number;
  lastError: string;
}

export class AdsClient {
  readonly stats: AdsClientStats = {
    connected: false,
    streamsOpened: 0,
    streamFailures: 0,
    responses: 0,
    lastError: "",
  };
  private call: BidiStream<DiscoveryRequest> | undefined;
  private decodeResponse: ((bytes: Uint8Array) => DiscoveryResponse) | undefined;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: AdsClientOptions) {}

  start(): void {
    this.open();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    const call = this.call;
    this.call = undefined;
    call?.cancel();
  }

  private open(): void {
    if (this.closed) return;
    this.decodeResponse ??= discoveryResponseDecoder(sidecarSchema());
    this.stats.streamsOpened += 1;
    const call: BidiStream<DiscoveryRequest> = openBidiStream<DiscoveryRequest, DiscoveryResponse>({
      address: this.options.address,
      path: ADS_PATH,
      ...(this.options.token && { metadata: { authorization: `Bearer ${this.options.token}` } }),
      serialize: encodeDiscoveryRequest,
      deserialize: this.decodeResponse,
      maxMessageBytes: 64 * 1024 * 1024,
      keepaliveMs: 30_000,
      keepaliveTimeoutMs: 10_000,
      // A reconnecting proxy that already holds the current versions gets no response at all, so the
      // stream counts as connected once its connection is up, not at the first response.
      onReady: () => {
        if (call !== this.call) return;
        this.failures = 0;
        this.stats.connected = true;
        this.options.log(`xDS: connected to ${this.options.address}`);
      },
      onMessage: (response) => {
        if (call !== this.call) return;
        this.stats.responses += 1;
        const outcome = this.options.session.handleResponse(response);
        for (const request of outcome.requests) call.write(request);
        this.options.onOutcome(outcome);
      },
      onEnd: (status) => {
        if (call !== this.call) return;
        this.onStreamEnd(status);
      },
    });
    this.call = call;
    for (const request of this.options.session.startStream()) call.write(request);
  }

  private onStreamEnd(status: GrpcStatus): void {
    this.call = undefined;
    this.stats.connected = false;
    this.stats.streamFailures += 1;
    this.stats.lastError = `${GRPC_STATUS_NAMES[status.code] ?? status.code}: ${status.details}`;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    this.failures += 1;
    const delay = reconnectDelayMs(
      this.failures,
      this.options.backoff ?? DEFAULT_RECONNECT_BACKOFF,
      this.options.random,
    );
    this.options.log(
      `xDS: stream to ${this.options.address} ended (${this.stats.lastError}); retrying in ${delay} ms`,
    );
    this.timer = setTimeout(() => this.open(), delay);
    this.timer.unref();
  }
}
