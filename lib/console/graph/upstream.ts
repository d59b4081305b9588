// How the graph words upstream state (ejected endpoints, open circuit breakers): short markers for edges
// and nodes, badges, and the side panel's sentences. Pure, so the wording is tested once.

import type { NodeBadge, NodeUpstreamState, UpstreamState } from "./types";

export interface UpstreamMarker {
  kind: "ejection" | "breaker-open";
  icon: string;
  /** In full: "1/2 ejected", "breaker open: max_requests". */
  text: string;
  /** For nodes, beside the icon the legend explains: "1/2 ejected", "max_requests", "2 breakers open". */
  short: string;
  /** For edges, where there is little room: "1/2", "" (one open breaker), "2" (two). */
  tiny: string;
}

// Glyphs that common system fonts carry (an emoji such as ⛔ shows as a box without an emoji font).
export const UPSTREAM_ICONS = { ejection: "⏏", "breaker-open": "⊘" } as const;

/** The markers to draw for a state, ejections first; none when all is well. */
export function upstreamMarkers(state: UpstreamState | undefined): UpstreamMarker[] {
  if (state === undefined) return [];
  const markers: UpstreamMarker[] = [];
  if (state.ejected > 0)
    markers.push({
      kind: "ejection",
      icon: UPSTREAM_ICONS.ejection,
      text: `${state.ejected}/${state.endpoints} ejected`,
      short: `${state.ejected}/${state.endpoints} ejected`,
      tiny: `${state.ejected}/${state.endpoints}`,
    });
  if (state.openBreakers.length > 0)
    markers.push({
      kind: "breaker-open",
      icon: UPSTREAM_ICONS["breaker-open"],
      text: `${state.openBreakers.length > 1 ? "breakers" : "breaker"} open: ${state.openBreakers.join(", ")}`,
      short:
        state.openBreakers.length > 1
          ? `${state.openBreakers.length} breakers open`
          : (state.openBreakers[0] ?? ""),
      tiny: state.openBreakers.length > 1 ? String(state.openBreakers.length) : "",
    });
  return markers;
}

/** One line for a marker's title or an accessible label: "⏏ 1/2 ejected · ⊘ breaker open: max_requests". */
export function upstreamSummary(state: UpstreamState | undefined): string {
  return upstreamMarkers(state)
    .map((marker) => `${marker.icon} ${marker.text}`)
    .join(" · ");
}

/** The node badges a callee's upstream state adds. */
export function upstreamBadges(state: UpstreamState | undefined): NodeBadge[] {
  return upstreamMarkers(state).map((marker) => marker.kind);
}

/** Sentences for the side panel of an edge (the caller's view) or a node (every caller's). */
export function describeUpstream(
  state: UpstreamState | NodeUpstreamState,
  caller: string | null,
  callee: string,
): string[] {
  const who =
    caller !== null
      ? `${caller}'s sidecars`
      : "callers" in state && state.callers.length > 0
        ? `Sidecars of ${state.callers.join(", ")}`
        : "Callers' sidecars";
  const lines: string[] = [];
  if (state.ejected > 0) {
    const endpoints = state.endpoints === 1 ? "endpoint" : "endpoints";
    lines.push(
      `${who} have ejected ${state.ejected} of the ${state.endpoints} ${callee} ${endpoints} they see (outlier detection).`,
    );
  }
  for (const limit of state.openBreakers)
    lines.push(
      `${who} report the circuit breaker limit ${limit} of ${callee} reached: requests are refused.`,
    );
  return lines;
}
