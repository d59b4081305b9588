import { describe, expect, it } from "vitest";
import { H2ProbeChannel } from "./h2-probe";

describe("H2ProbeChannel", () => {
  it("fails a check of an address no URL can hold instead of throwing", async () => {
    const request = { method: "GET", path: "/healthz", authority: "web", headers: {} };
    const channel = new H2ProbeChannel("fe80::1%eth0", 80);
    await expect(channel.exchange(request, 1_000, true)).resolves.toBeUndefined();
    channel.close();
  });
});
