import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ApiSession } from "../support/apiSession";
import { runWeft, waitForOutput } from "../support/weftProcess";

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "weft-cli-"));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
});

describe("weft CLI: one readable line and a non-zero exit for bad set-ups", () => {
  it("rejects an unknown command and bad configuration with exit 2", async () => {
    const unknown = runWeft(["serve"], {});
    expect(await unknown.exited).toBe(2);
    expect(unknown.output()).toContain('unknown command "serve"');

    const badPort = runWeft(["server"], { PORT: "http" });
    expect(await badPort.exited).toBe(2);
    expect(badPort.output()).toContain('invalid PORT="http": must be a number');

    const extra = runWeft(["server", "--bogus"], {});
    expect(await extra.exited).toBe(2);
    expect(extra.output()).toMatch(/server: Unknown option '--bogus'/);
  });

  it("says when DATABASE_URL cannot be reached", async () => {
    const p = runWeft(["server"], { DATABASE_URL: "postgresql://weft:x@127.0.0.1:1/weft", PORT: "0" });
    expect(await p.exited).toBe(1);
    expect(p.output()).toMatch(
      /cannot reach the database at postgresql:\/\/weft:\*\*\*@127\.0\.0\.1:1\/weft/,
    );
  });

  it("says when the data directory is not writable", async () => {
    const file = path.join(await tempDir(), "a-file");
    await fs.writeFile(file, "");
    const p = runWeft(["server"], { WEFT_DATA_DIR: path.join(file, "data"), PORT: "0" });
    expect(await p.exited).toBe(1);
    expect(p.output()).toMatch(/data directory .* is not writable \(ENOTDIR\); set WEFT_DATA_DIR/);
  });

  it("says when the console port is taken, and stops the embedded database it started", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const dataDir = await tempDir();
    const p = runWeft(["server"], { WEFT_DATA_DIR: dataDir, PORT: String(port) });
    expect(await p.exited).toBe(1);
    blocker.close();
    expect(p.output()).toContain(`port ${port} on 127.0.0.1 is already in use; set PORT to another port`);
    expect(await postmasterRunning(dataDir)).toBe(false);
  });
});

describe("weft server on the embedded PostgreSQL", () => {
  it("initialises, prints the first admin password once, stops cleanly and reuses the data", async () => {
    const dataDir = await tempDir();
    const first = runWeft(["server"], { WEFT_DATA_DIR: dataDir, PORT: "0" });
    const [, url, password] = await waitForOutput(
      first,
      /log in at (http:\/\/\S+)\/login as admin with password (\S+)/,
    );
    const session = new ApiSession(url!.replace("localhost", "127.0.0.1"));
    expect((await session.login("admin", password!)).status).toBe(200);
    expect(
      (
        await session.json("POST", "/api/v1/users", {
          username: "kept",
          password: "kept-password",
          role: "operator",
        })
      ).status,
    ).toBe(200);
    expect(await postmasterRunning(dataDir)).toBe(true);
    expect(await first.stop("SIGTERM")).toBe(0);
    expect(first.output()).toContain("weft: stopped");
    expect(await postmasterRunning(dataDir)).toBe(false);

    const second = runWeft(["server"], { WEFT_DATA_DIR: dataDir, PORT: "0" });
    const [, url2] = await waitForOutput(second, /log in at (http:\/\/\S+)\/login\n/);
    expect(second.output()).not.toContain("with password");
    const again = new ApiSession(url2!.replace("localhost", "127.0.0.1"));
    expect((await again.login("kept", "kept-password")).status).toBe(200);
    expect(await second.stop("SIGINT")).toBe(0);

    const migrate = runWeft(["migrate"], { WEFT_DATA_DIR: dataDir });
    expect(await migrate.exited).toBe(0);
    expect(migrate.output()).toContain("database is up to date");
  });
});

async function postmasterRunning(dataDir: string): Promise<boolean> {
  const pidFile = await fs.readFile(path.join(dataDir, "pg", "postmaster.pid"), "utf8").catch(() => "");
  const pid = Number.parseInt(pidFile.split("\n")[0] ?? "", 10);
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
