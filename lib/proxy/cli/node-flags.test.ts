import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { SIDECAR_NODE_FLAGS } from "./node-flags";

describe("SIDECAR_NODE_FLAGS", () => {
  // Node refuses to start on a V8 flag it does not know; a Node upgrade that drops one must fail here,
  // not in the demo's sidecars.
  it("are all accepted by this Node.js", () => {
    const run = spawnSync(
      process.execPath,
      [...SIDECAR_NODE_FLAGS, "-e", "process.stdout.write('started')"],
      {
        encoding: "utf8",
      },
    );
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("started");
    expect(run.status).toBe(0);
  });
});
