/**
 * The ADS transport: one state-of-the-world stream over @grpc/grpc-js, driven by AdsSession. When the
 * stream fails the proxy keeps serving its last accepted configuration and reconnects after a jittered
 * exponential delay (reset once a new stream delivers a response). Each attempt uses a fresh channel, so
 * the channel's own back-off never delays a control plane that is back.
 */
import * as grpc from "@grpc/grpc-js";
import { adsServiceDefinition } from "@/lib/xds/ads-service";
import type { DiscoveryRequest, DiscoveryResponse } from "@/lib/xds/messages";
import type { Random } from "../util/random";
import type { AdsSession, ResponseOutcome } from "./ads-session";
import { DEFAULT_RECONNECT_BACKOFF, type ReconnectBackoff, reconnectDelayMs } from "./reconnect";

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

type Call = grpc.ClientDuplexStream<DiscoveryRequest, DiscoveryResponse>;

export class AdsClient {
  readonly stats: AdsClientStats = {
    connected: false,
    streamsOpened: 0,
    streamFailures: 0,
    responses: 0,
    lastError: "",
  };
  private client: grpc.Client | undefined;
  private call: Call | undefined;
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
    this.client?.close();
  }

  private open(): void {
    if (this.closed) return;
    this.client?.close();
    const client = new grpc.Client(this.options.address, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": 64 * 1024 * 1024,
      "grpc.keepalive_time_ms": 30_000,
      "grpc.keepalive_timeout_ms": 10_000,
    });
    this.client = client;
    const method = adsServiceDefinition().StreamAggregatedResources;
    const metadata = new grpc.Metadata();
    if (this.options.token) metadata.set("authorization", `Bearer ${this.options.token}`);
    const call: Call = client.makeBidiStreamRequest(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      metadata,
    );
    this.call = call;
    this.stats.streamsOpened += 1;
    this.watchReady(client, call);
    call.on("data", (response: DiscoveryResponse) => {
      if (call !== this.call) return;
      this.stats.responses += 1;
      const outcome = this.options.session.handleResponse(response);
      for (const request of outcome.requests) call.write(request);
      this.options.onOutcome(outcome);
    });
    call.on("error", () => {}); // the status event carries the outcome
    call.on("status", (status: grpc.StatusObject) => {
      if (call !== this.call) return;
      this.call = undefined;
      this.stats.connected = false;
      this.stats.streamFailures += 1;
      this.stats.lastError = `${grpc.status[status.code] ?? status.code}: ${status.details}`;
      this.scheduleReconnect();
    });
    for (const request of this.options.session.startStream()) call.write(request);
  }

  /**
   * A reconnecting proxy that already holds the current versions gets no response at all, so the stream
   * counts as connected once its channel is READY, not at the first response.
   */
  private watchReady(client: grpc.Client, call: Call): void {
    const channel = client.getChannel();
    const check = () => {
      if (call !== this.call) return;
      const state = channel.getConnectivityState(true);
      if (state === grpc.connectivityState.READY) {
        this.failures = 0;
        this.stats.connected = true;
        this.options.log(`xDS: connected to ${this.options.address}`);
        return;
      }
      if (state === grpc.connectivityState.SHUTDOWN) return;
      channel.watchConnectivityState(state, Date.now() + 3_600_000, check);
    };
    check();
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
