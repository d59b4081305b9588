import type { ResourceKind } from "../resource-types";

/** What one stream knows about one resource type, as the state machines expose it. */
export interface TypeStatus {
  readonly kind: ResourceKind;
  readonly typeUrl: string;
  readonly subscription: "wildcard" | readonly string[];
  /** Version and nonce of the last response sent; pending while the client has not answered it. */
  readonly sent?: { readonly version: string; readonly nonce: string; readonly at: number };
  readonly pending: boolean;
  readonly acked?: { readonly version: string; readonly nonce: string; readonly at: number };
  readonly nacked?: {
    readonly version: string;
    readonly nonce: string;
    readonly errorDetail: { readonly code: number; readonly message: string };
    readonly at: number;
  };
  readonly responsesSent: number;
  readonly staleRequests: number;
}
