import { describe, expect, it } from "vitest";
import { probeH2 } from "./h2-probe";

describe("probeH2", () => {
  it("fails a probe to an address no URL can hold instead of throwing", async () => {
    const request = { method: "GET", path: "/healthz", authority: "web", headers: {} };
    await expect(probeH2("fe80::1%eth0", 80, request, 1_000)).resolves.toBeUndefined();
  });
});
