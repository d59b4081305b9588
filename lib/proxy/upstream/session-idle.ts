/**
 * The idle_timeout of upstream HTTP/2 sessions: a session with no open stream for that long is closed
 * (gracefully: GOAWAY, then the socket). Envoy counts idleness from the last stream's end, not from the last
 * frame, so PINGs or a silent long-lived stream do not matter; neither do they here.
 */
import type http2 from "node:http2";

interface Watched {
  readonly onIdle: () => void;
  open: number;
  timer: NodeJS.Timeout | undefined;
}

export class SessionIdleTimers {
  private readonly sessions = new Map<http2.ClientHttp2Session, Watched>();

  /** `timeoutMs` is read each time a session falls idle (the cluster's setting may change); 0: never. */
  constructor(private readonly timeoutMs: () => number) {}

  /** A new session, idle until its first stream opens. */
  watch(session: http2.ClientHttp2Session, onIdle: () => void): void {
    const watched: Watched = { onIdle, open: 0, timer: undefined };
    this.sessions.set(session, watched);
    this.arm(session, watched);
  }

  busy(session: http2.ClientHttp2Session, stream: http2.ClientHttp2Stream): void {
    const watched = this.sessions.get(session);
    if (!watched) return;
    watched.open += 1;
    clearTimeout(watched.timer);
    watched.timer = undefined;
    stream.once("close", () => {
      watched.open -= 1;
      if (watched.open === 0 && this.sessions.get(session) === watched) this.arm(session, watched);
    });
  }

  forget(session: http2.ClientHttp2Session): void {
    const watched = this.sessions.get(session);
    if (!watched) return;
    clearTimeout(watched.timer);
    this.sessions.delete(session);
  }

  /** The timeout changed: idle sessions count it from now. */
  rearm(): void {
    for (const [session, watched] of this.sessions) {
      clearTimeout(watched.timer);
      watched.timer = undefined;
      if (watched.open === 0) this.arm(session, watched);
    }
  }

  clear(): void {
    for (const watched of this.sessions.values()) clearTimeout(watched.timer);
    this.sessions.clear();
  }

  private arm(session: http2.ClientHttp2Session, watched: Watched): void {
    const timeoutMs = this.timeoutMs();
    if (timeoutMs <= 0) return;
    watched.timer = setTimeout(() => {
      watched.timer = undefined;
      if (watched.open > 0) return;
      this.forget(session);
      watched.onIdle();
    }, timeoutMs);
    watched.timer.unref();
  }
}
