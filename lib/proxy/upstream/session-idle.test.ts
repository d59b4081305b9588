import { EventEmitter } from "node:events";
import type http2 from "node:http2";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SessionIdleTimers } from "./session-idle";

// Only identity matters for sessions; streams need "close".
const session = () => ({}) as http2.ClientHttp2Session;
const stream = () => new EventEmitter() as unknown as http2.ClientHttp2Stream;

describe("SessionIdleTimers", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("closes a session the timeout after its last stream closed, and never while a stream is open", () => {
    const timers = new SessionIdleTimers(() => 1_000);
    const s = session();
    const onIdle = vi.fn();
    timers.watch(s, onIdle);
    const a = stream();
    const b = stream();
    timers.busy(s, a);
    timers.busy(s, b);
    vi.advanceTimersByTime(5_000);
    a.emit("close");
    vi.advanceTimersByTime(5_000);
    expect(onIdle).not.toHaveBeenCalled();
    b.emit("close");
    vi.advanceTimersByTime(999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("counts a new session as idle until its first stream, and restarts the count on each stream", () => {
    const timers = new SessionIdleTimers(() => 1_000);
    const s = session();
    const onIdle = vi.fn();
    timers.watch(s, onIdle);
    vi.advanceTimersByTime(600);
    const a = stream();
    timers.busy(s, a);
    a.emit("close");
    vi.advanceTimersByTime(600);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(400);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("does nothing with a timeout of 0, for a forgotten session, or after clear", () => {
    let timeoutMs = 0;
    const timers = new SessionIdleTimers(() => timeoutMs);
    const [never, forgotten, cleared] = [session(), session(), session()];
    const onIdle = vi.fn();
    timers.watch(never, onIdle);
    timeoutMs = 1_000;
    timers.watch(forgotten, onIdle);
    timers.forget(forgotten);
    timers.watch(cleared, onIdle);
    timers.clear();
    vi.advanceTimersByTime(10_000);
    expect(onIdle).not.toHaveBeenCalled();
  });

  it("applies a changed timeout to idle sessions from the change", () => {
    let timeoutMs = 0;
    const timers = new SessionIdleTimers(() => timeoutMs);
    const onIdle = vi.fn();
    timers.watch(session(), onIdle);
    vi.advanceTimersByTime(10_000);
    timeoutMs = 500;
    timers.rearm();
    vi.advanceTimersByTime(499);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });
});
