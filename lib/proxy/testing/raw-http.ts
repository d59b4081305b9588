/**
 * A raw TCP client for tests that need bytes no HTTP client would send: writes `parts` (pausing between them)
 * and collects what comes back until the proxy closes the connection or nothing arrives for a while.
 */
import net from "node:net";
import { splitAddress } from "./harness";

export interface RawExchangeOptions {
  /** Pause after each part written. */
  readonly pauseMs?: number;
  /** Stop once nothing has arrived for this long after the last bytes. */
  readonly idleMs?: number;
  /** Stop if nothing arrives this long after the last part was written (default: idleMs). */
  readonly firstReplyMs?: number;
}

export function rawExchange(
  address: string,
  parts: string | readonly string[],
  options: RawExchangeOptions = {},
): Promise<{ text: string; closed: boolean }> {
  const [host, port] = splitAddress(address);
  const idleMs = options.idleMs ?? 1_500;
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let text = "";
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed });
    };
    const wait = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(finish, ms);
    };
    socket.on("data", (d) => {
      text += d.toString("latin1");
      wait(idleMs);
    });
    socket.on("close", () => {
      closed = true;
      finish();
    });
    socket.on("error", () => {});
    socket.on("connect", async () => {
      for (const part of typeof parts === "string" ? [parts] : parts) {
        if (socket.destroyed) break;
        socket.write(part);
        if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
      }
      wait(options.firstReplyMs ?? idleMs);
    });
  });
}
