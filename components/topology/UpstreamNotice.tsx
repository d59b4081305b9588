"use client";

import Link from "next/link";
import type { NodeUpstreamState, UpstreamState } from "@/lib/console/graph/types";
import { describeUpstream } from "@/lib/console/graph/upstream";
import { UpstreamPills, upstreamStyles } from "./UpstreamMarkers";

/** The side panel's account of ejected endpoints and open breakers, with a link to the callee's policy. */
export function UpstreamNotice({
  state,
  caller,
  callee,
}: {
  state: UpstreamState | NodeUpstreamState;
  /** The edge's caller; null on a node (the state names its callers). */
  caller: string | null;
  callee: string;
}) {
  return (
    <section className={upstreamStyles.panelNotice} aria-label="Upstream state" data-testid="upstream-notice">
      <strong>Upstream state at the end of the range</strong>
      <p>
        <UpstreamPills state={state} />
      </p>
      {describeUpstream(state, caller, callee).map((line) => (
        <p key={line}>{line}</p>
      ))}
      <p>
        <Link href={`/policy?service=${encodeURIComponent(callee)}`}>
          Outlier detection and circuit breakers of {callee}
        </Link>
      </p>
    </section>
  );
}
