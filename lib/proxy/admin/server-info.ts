/**
 * What /server_info and /listeners answer: the sidecar's state (Envoy's names: INITIALIZING until the
 * initial configuration is complete, then LIVE; DRAINING once asked to stop), uptime, node and addresses.
 */

export type ServerState = "INITIALIZING" | "LIVE" | "DRAINING";

export interface ServerInfoInput {
  readonly state: ServerState;
  readonly uptimeMs: number;
  readonly node: { id: string; service: string; labels: Readonly<Record<string, string>>; zone?: string };
  readonly listening: { inbound: string; outbound: string; admin: string };
  readonly xds: { address: string; connected: boolean };
  readonly nodeVersion: string;
}

export function serverInfo(input: ServerInfoInput) {
  return {
    state: input.state,
    uptime_seconds: Math.floor(input.uptimeMs / 1000),
    node: input.node,
    listeners: input.listening,
    xds: input.xds,
    runtime: `node ${input.nodeVersion}`,
  };
}

/** The sockets the sidecar listens on, and the xDS listeners (one per service) it has been given. */
export function listenersDump(
  listening: { inbound: string; outbound: string; admin: string },
  xdsListeners: Iterable<string>,
) {
  return {
    listening: Object.entries(listening).map(([name, address]) => ({ name, address })),
    xds_listeners: [...xdsListeners].sort(),
  };
}
