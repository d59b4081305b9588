import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface OsIdentity {
  uid: number;
  gid: number;
}

/**
 * PostgreSQL refuses to run as root. When we are root (containers, CI) the cluster runs as the
 * `postgres` system user, created if missing; otherwise it runs as ourselves.
 */
export async function postgresRunAs(): Promise<OsIdentity | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = async (): Promise<OsIdentity> => {
    const [uid, gid] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  try {
    return await lookup();
  } catch {
    await run("groupadd", ["--system", "postgres"]).catch(() => undefined);
    await run("useradd", ["--system", "--gid", "postgres", "--no-create-home", "postgres"]);
    return lookup();
  }
}
