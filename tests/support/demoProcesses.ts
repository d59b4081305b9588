// Shared by the demo's API test and its browser tour.

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a process (one of the demo's children) still exists. */
export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A window start a minute before now, on a minute boundary, so later reads of it only grow. */
export const windowStart = () => new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000).toISOString();
