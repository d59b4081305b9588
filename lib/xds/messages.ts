// The discovery messages as plain objects, in the protobuf field names (snake_case) that the ADS codec reads
// and writes. Only the fields Weft uses are listed; decoding fills the rest with defaults.
import type { AnyMessage } from "./protos";

export interface RpcStatus {
  code: number;
  message: string;
}

/**
 * google.protobuf.Struct as protobufjs decodes it. protobufjs bundles the well-known types with camelCase
 * field names whatever the keepCase option, so Value's members are camelCase (and so must be any Struct
 * inside a resource object); the oneof `kind` names the member that is set.
 */
export interface StructMessage {
  fields?: Record<string, ValueMessage>;
}
export interface ValueMessage {
  kind?: string;
  nullValue?: string;
  numberValue?: number;
  stringValue?: string;
  boolValue?: boolean;
  structValue?: StructMessage;
  listValue?: { values?: ValueMessage[] };
}

export interface NodeMessage {
  id?: string;
  cluster?: string;
  metadata?: StructMessage | null;
  locality?: { region?: string; zone?: string; sub_zone?: string } | null;
  user_agent_name?: string;
  user_agent_version?: string;
  client_features?: string[];
}

export interface DiscoveryRequest {
  version_info?: string;
  node?: NodeMessage | null;
  resource_names?: string[];
  type_url?: string;
  response_nonce?: string;
  error_detail?: RpcStatus | null;
}

export interface DiscoveryResponse {
  version_info: string;
  resources: AnyMessage[];
  type_url: string;
  nonce: string;
}

export interface DeltaDiscoveryRequest {
  node?: NodeMessage | null;
  type_url?: string;
  resource_names_subscribe?: string[];
  resource_names_unsubscribe?: string[];
  initial_resource_versions?: Record<string, string>;
  response_nonce?: string;
  error_detail?: RpcStatus | null;
}

export interface DeltaResource {
  name: string;
  version: string;
  resource: AnyMessage;
}

export interface DeltaDiscoveryResponse {
  system_version_info: string;
  resources: DeltaResource[];
  type_url: string;
  removed_resources: string[];
  nonce: string;
}
