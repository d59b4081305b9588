import { describe, expect, it } from "vitest";
import { createDecodeContext } from "@/lib/telemetry/limits";
import { decodeTraceRequestJson } from "@/lib/telemetry/otlp/json/traces";
import { callSpans, hexId, otlpTraceRequest } from "./otlpTraces";

describe("otlpTraceRequest", () => {
  it("builds OTLP/JSON that the ingest decoder accepts, with the call's parent chain", () => {
    const startNs = 1_700_000_000_000_000_000n;
    const spans = callSpans({ id: 1, from: "web", to: "cart", startNs, durationNs: 5_000_000n });
    const body = JSON.stringify(otlpTraceRequest(spans));
    const decoded = decodeTraceRequestJson(body, createDecodeContext(Number(startNs / 1_000_000n)));
    const rows = decoded.rows;
    expect(rows.map((row) => [row.service, row.kind, row.parentSpanId === null])).toEqual([
      ["web", 2, true],
      ["web", 3, false],
      ["cart", 2, false],
    ]);
    expect(rows[2]?.parentSpanId).toBe(rows[1]?.spanId);
    expect(rows[1]?.attributes["peer.service"]).toBe("cart");
    expect(rows[0]?.durationNs).toBe(5_200_000n);
  });

  it("makes distinct, non-zero hex ids", () => {
    expect(hexId(0, 16)).toMatch(/^[0-9a-f]{16}$/);
    expect(hexId(0, 32)).not.toMatch(/^0+$/);
    expect(new Set(Array.from({ length: 1000 }, (_, i) => hexId(i, 16))).size).toBe(1000);
  });
});
