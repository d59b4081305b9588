import type { Fault, MeshConfig } from "@/lib/mesh/schema";

export interface ActiveFault {
  service: string;
  /** The rule's name, or its index when unnamed (what the API's rule paths accept). */
  rule: string;
  fault: Fault;
}

/** Faults that proxies currently receive: set, and not past their expiry. */
export function activeFaults(config: MeshConfig, nowMs: number): ActiveFault[] {
  const out: ActiveFault[] = [];
  for (const service of config.services) {
    (service.routes ?? []).forEach((rule, index) => {
      if (!rule.fault) return;
      const expires = rule.fault.expiresAt ? Date.parse(rule.fault.expiresAt) : Number.POSITIVE_INFINITY;
      if (expires > nowMs)
        out.push({ service: service.name, rule: rule.name ?? String(index), fault: rule.fault });
    });
  }
  return out;
}

/** "delay 10% 500ms, abort 5.5% 503", for badges and tables. */
export function describeFault(fault: Fault): string {
  const parts: string[] = [];
  if (fault.delay) parts.push(`delay ${fault.delay.percentage}% ${fault.delay.duration}`);
  if (fault.abort) {
    const status =
      fault.abort.httpStatus !== undefined
        ? `HTTP ${fault.abort.httpStatus}`
        : `gRPC ${fault.abort.grpcStatus}`;
    parts.push(`abort ${fault.abort.percentage}% ${status}`);
  }
  if (fault.headers?.length) parts.push(`when ${fault.headers.map((header) => header.name).join(", ")}`);
  return parts.join(", ");
}
