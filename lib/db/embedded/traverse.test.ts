import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ancestorsAndSelf, letOthersTraverse } from "./traverse";

const made: string[] = [];
afterEach(async () => {
  for (const dir of made.splice(0)) await fs.rm(dir, { recursive: true, force: true });
});

describe("letOthersTraverse", () => {
  it("lists a path's directories from the root down", () => {
    expect(ancestorsAndSelf("/a/b/c")).toEqual(["/", "/a", "/a/b", "/a/b/c"]);
    expect(ancestorsAndSelf("/")).toEqual(["/"]);
  });

  it("adds pass-through for others only where it is missing, and says where", async () => {
    const top = await fs.mkdtemp(path.join(os.tmpdir(), "weft-traverse-"));
    made.push(top);
    const closed = path.join(top, "closed");
    const inner = path.join(closed, "inner");
    await fs.mkdir(inner, { recursive: true });
    await fs.chmod(top, 0o700);
    await fs.chmod(closed, 0o750);
    await fs.chmod(inner, 0o755);
    const changed = await letOthersTraverse([inner, closed]);
    expect(changed).toEqual([top, closed]);
    expect((await fs.stat(top)).mode & 0o777).toBe(0o711);
    expect((await fs.stat(closed)).mode & 0o777).toBe(0o751);
    expect((await fs.stat(inner)).mode & 0o777).toBe(0o755);
    expect(await letOthersTraverse([inner])).toEqual([]);
  });
});
