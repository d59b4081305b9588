import { Server, ServerCredentials, type ServerDuplexStream, status } from "@grpc/grpc-js";
import { adsServiceDefinition } from "./ads-service";
import type {
  DeltaDiscoveryRequest,
  DeltaDiscoveryResponse,
  DiscoveryRequest,
  DiscoveryResponse,
} from "./messages";
import { kindOfTypeUrl, type ResourceKind } from "./resource-types";
import { type StreamMachine, type StreamShell, type StreamShellContext, serveStream } from "./server-stream";
import type { SnapshotCache } from "./snapshot/cache";
import { DeltaStream } from "./stream/delta";
import type { StreamVariant, XdsHooks } from "./stream/events";
import { randomNonce } from "./stream/nonce";
import { SotwStream } from "./stream/sotw";
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from "./stream/step";

// The xDS ADS server: envoy.service.discovery.v3.AggregatedDiscoveryService over gRPC, both the
// state-of-the-world (StreamAggregatedResources) and incremental (DeltaAggregatedResources) variants,
// serving whatever snapshots the cache holds for each node id.

export interface XdsServerLimits extends RequestLimits {
  /** Largest request accepted (bytes); larger ones end that stream with RESOURCE_EXHAUSTED. */
  maxReceiveMessageBytes: number;
  /** Largest response sent (bytes); a bigger snapshot for one type ends that stream. */
  maxSendMessageBytes: number;
  /** Responses written but not yet flushed to one client before its stream is ended. */
  maxQueuedResponsesPerStream: number;
  /** Streams open at once; further ones are refused with RESOURCE_EXHAUSTED. */
  maxStreams: number;
}

export const DEFAULT_XDS_LIMITS: XdsServerLimits = {
  ...DEFAULT_REQUEST_LIMITS,
  maxReceiveMessageBytes: 4 * 1024 * 1024,
  maxSendMessageBytes: 64 * 1024 * 1024,
  maxQueuedResponsesPerStream: 64,
  maxStreams: 20_000,
};

export interface StartXdsServerOptions {
  /** Interface to listen on; default all interfaces. Tests use 127.0.0.1. */
  host?: string;
  /** Port; 0 picks a free one (the chosen port is returned). */
  port: number;
  cache: SnapshotCache;
  hooks?: XdsHooks;
  limits?: Partial<XdsServerLimits>;
  newNonce?: () => string;
  now?: () => number;
  /** Told when a hook throws; the stream carries on. Default: a warning on stderr. */
  onHookError?: (hook: string, error: unknown) => void;
  /**
   * Checks a new stream's `authorization` metadata before anything of it is read; a refusal ends the
   * stream with that status. Default: every stream is served.
   */
  authorize?: (authorization: string | undefined) => Promise<StreamRefusal | null>;
}

export interface StreamRefusal {
  code: status;
  details: string;
}

export interface XdsServer {
  port: number;
  openStreams(): number;
  /** Ends every stream with UNAVAILABLE (clients reconnect elsewhere) and stops listening. */
  close(): Promise<void>;
}

export async function startXdsServer(options: StartXdsServerOptions): Promise<XdsServer> {
  const limits: XdsServerLimits = { ...DEFAULT_XDS_LIMITS, ...options.limits };
  const hooks = options.hooks ?? {};
  const now = options.now ?? Date.now;
  const newNonce = options.newNonce ?? randomNonce;
  const onHookError =
    options.onHookError ?? ((hook, error) => console.warn(`xDS hook ${hook} threw:`, error));
  const callHook = (name: string, call: () => void) => {
    try {
      call();
    } catch (error) {
      onHookError(name, error);
    }
  };

  const shells = new Set<StreamShell>();
  let nextStreamNumber = 1;
  const open = <Req extends DiscoveryRequest | DeltaDiscoveryRequest, Res>(
    call: ServerDuplexStream<Req, Res>,
    variant: StreamVariant,
    build: (nodeId: string, streamId: string) => StreamMachine<Req, Res>,
    describeResponse: StreamShellContext<Req, Res>["describeResponse"],
  ) => {
    if (shells.size >= limits.maxStreams) {
      call.emit("error", {
        code: status.RESOURCE_EXHAUSTED,
        details: `too many xDS streams (${limits.maxStreams})`,
      });
      return;
    }
    if (!options.authorize) return serve(call, variant, build, describeResponse);
    const authorization = call.metadata.get("authorization")[0];
    // The stream stays paused (nothing is read) until the check is done.
    options.authorize(typeof authorization === "string" ? authorization : undefined).then(
      (refusal) => {
        if (refusal) call.emit("error", refusal);
        else if (!call.cancelled) serve(call, variant, build, describeResponse);
      },
      (error: unknown) =>
        call.emit("error", { code: status.UNAVAILABLE, details: `cannot check the token: ${String(error)}` }),
    );
  };
  const serve = <Req extends DiscoveryRequest | DeltaDiscoveryRequest, Res>(
    call: ServerDuplexStream<Req, Res>,
    variant: StreamVariant,
    build: (nodeId: string, streamId: string) => StreamMachine<Req, Res>,
    describeResponse: StreamShellContext<Req, Res>["describeResponse"],
  ) => {
    const id = `${variant}-${nextStreamNumber++}`;
    const shell = serveStream(call, {
      info: { id, variant, peer: call.getPeer(), openedAt: now() },
      cache: options.cache,
      hooks,
      maxQueuedResponses: limits.maxQueuedResponsesPerStream,
      now,
      createMachine: (nodeId) => build(nodeId, id),
      describeResponse,
      callHook,
      onClosed: () => shells.delete(shell),
    });
    shells.add(shell);
  };

  const machineOptions = (nodeId: string, streamId: string) => ({ nodeId, streamId, newNonce, now, limits });
  const server = new Server({
    "grpc.max_receive_message_length": limits.maxReceiveMessageBytes,
    "grpc.max_send_message_length": limits.maxSendMessageBytes,
    // Dead peers are noticed by keepalive pings, so their streams (and registry entries) are released.
    "grpc.keepalive_time_ms": 30_000,
    "grpc.keepalive_timeout_ms": 10_000,
  });
  const serveSotw = (call: ServerDuplexStream<DiscoveryRequest, DiscoveryResponse>) =>
    open(
      call,
      "sotw",
      (nodeId, streamId) => new SotwStream(machineOptions(nodeId, streamId)),
      (response) => ({
        kind: kindOf(response.type_url),
        typeUrl: response.type_url,
        version: response.version_info,
        nonce: response.nonce,
        resourceCount: response.resources.length,
        removedCount: 0,
      }),
    );
  const serveDelta = (call: ServerDuplexStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse>) =>
    open(
      call,
      "delta",
      (nodeId, streamId) => new DeltaStream(machineOptions(nodeId, streamId)),
      (response) => ({
        kind: kindOf(response.type_url),
        typeUrl: response.type_url,
        version: response.system_version_info,
        nonce: response.nonce,
        resourceCount: response.resources.length,
        removedCount: response.removed_resources.length,
      }),
    );
  server.addService(adsServiceDefinition(), {
    StreamAggregatedResources: serveSotw,
    DeltaAggregatedResources: serveDelta,
  });

  const host = options.host ?? "0.0.0.0";
  const address = host.includes(":") ? `[${host}]:${options.port}` : `${host}:${options.port}`;
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (error, boundPort) =>
      error ? reject(error) : resolve(boundPort),
    );
  });

  return {
    port,
    openStreams: () => shells.size,
    close: async () => {
      for (const shell of [...shells]) shell.end(status.UNAVAILABLE, "xDS server shutting down");
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1_000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}

/** Responses only ever carry the four served type URLs (the machines build them). */
function kindOf(typeUrl: string): ResourceKind {
  const kind = kindOfTypeUrl(typeUrl);
  if (!kind) throw new Error(`response for unexpected type URL ${typeUrl}`);
  return kind;
}
