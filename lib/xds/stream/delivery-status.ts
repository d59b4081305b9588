import type { NodeInfo } from "../node";
import type { ResourceKind } from "../resource-types";
import type { AckEvent, NackEvent, ResponseEvent, StreamInfo, XdsHooks } from "./events";

// Per node and resource type: what was last sent, which version the node ACKed, and which version it last
// rejected with what error (grpc-js-xds keeps the same facts client-side as ACKED / NACKED / failedVersion /
// failedDetails). A later ACK does not erase the last rejection: operators want to see why it happened.

export type DeliveryState = "PENDING" | "ACKED" | "NACKED";

export interface TypeDelivery {
  state: DeliveryState;
  sentVersion?: string;
  sentAt?: number;
  ackedVersion?: string;
  ackedAt?: number;
  failedVersion?: string;
  failedDetails?: string;
  failedCode?: number;
  failedAt?: number;
}

export interface NodeDelivery {
  node: NodeInfo;
  openStreams: number;
  lastConnectedAt: number;
  lastDisconnectedAt?: number;
  types: Partial<Record<ResourceKind, TypeDelivery>>;
}

export class DeliveryStatusBook implements XdsHooks {
  private readonly nodes = new Map<string, NodeDelivery>();

  onConnect(node: NodeInfo, stream: StreamInfo): void {
    const known = this.nodes.get(node.id);
    if (known) {
      known.node = node;
      known.openStreams += 1;
      known.lastConnectedAt = stream.openedAt;
    } else {
      this.nodes.set(node.id, { node, openStreams: 1, lastConnectedAt: stream.openedAt, types: {} });
    }
  }

  onDisconnect(node: NodeInfo, _stream: StreamInfo, info: { at: number }): void {
    const known = this.nodes.get(node.id);
    if (!known) return;
    known.openStreams = Math.max(0, known.openStreams - 1);
    known.lastDisconnectedAt = info.at;
  }

  onResponse(event: ResponseEvent): void {
    const type = this.typeOf(event.nodeId, event.kind);
    if (!type) return;
    type.state = "PENDING";
    type.sentVersion = event.version;
    type.sentAt = event.at;
  }

  onAck(event: AckEvent): void {
    const type = this.typeOf(event.nodeId, event.kind);
    if (!type) return;
    type.ackedVersion = event.version;
    type.ackedAt = event.at;
    // nonce "" marks a reconnecting client that already held the current version: nothing is in flight.
    if (event.nonce === "") type.sentVersion = event.version;
    // An ACK of an older response while a newer one is in flight leaves the type pending.
    if (type.sentVersion === undefined || type.sentVersion === event.version) type.state = "ACKED";
  }

  onNack(event: NackEvent): void {
    const type = this.typeOf(event.nodeId, event.kind);
    if (!type) return;
    type.failedVersion = event.version;
    type.failedDetails = event.errorDetail.message;
    type.failedCode = event.errorDetail.code;
    type.failedAt = event.at;
    if (type.sentVersion === undefined || type.sentVersion === event.version) type.state = "NACKED";
  }

  get(nodeId: string): Readonly<NodeDelivery> | undefined {
    return this.nodes.get(nodeId);
  }

  list(): Readonly<NodeDelivery>[] {
    return [...this.nodes.values()];
  }

  forget(nodeId: string): void {
    this.nodes.delete(nodeId);
  }

  private typeOf(nodeId: string, kind: ResourceKind): TypeDelivery | undefined {
    const node = this.nodes.get(nodeId);
    if (!node) return undefined;
    node.types[kind] ??= { state: "PENDING" };
    return node.types[kind];
  }
}
