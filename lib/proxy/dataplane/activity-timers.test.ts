import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BodyTee } from "../upstream/body-tee";
import { ActivityTimers } from "./activity-timers";

let now = 0;
const clock = () => now;

/** Moves the injected clock and the fake timers together. */
function advance(ms: number): void {
  for (let i = 0; i < ms; i++) {
    now += 1;
    vi.advanceTimersByTime(1);
  }
}

beforeEach(() => {
  vi.useFakeTimers();
  now = 0;
});

afterEach(() => {
  vi.useRealTimers();
});

describe("ActivityTimers", () => {
  it("ends a stream once nothing has moved for the idle timeout, counting from the last activity", () => {
    const source = new PassThrough();
    const body = new BodyTee(source, 0);
    const timers = new ActivityTimers(clock);
    const expired = vi.fn();
    timers.watchStream(1_000, 0, body, expired);
    advance(600);
    body.onChunk?.();
    advance(900);
    expect(expired).not.toHaveBeenCalled();
    timers.responded(now);
    advance(999);
    expect(expired).not.toHaveBeenCalled();
    advance(1);
    expect(expired).toHaveBeenCalledTimes(1);
    timers.stop();
  });

  it("counts response chunks through the relay's hook, and has no hook when nothing watches", () => {
    const timers = new ActivityTimers(clock);
    expect(timers.chunkHook()).toBeUndefined();
    const expired = vi.fn();
    timers.watchStream(100, 0, undefined, expired);
    const hook = timers.chunkHook();
    advance(90);
    hook?.();
    advance(90);
    expect(expired).not.toHaveBeenCalled();
    advance(10);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it("disarms the request timeout when the body ends or a response starts", () => {
    const first = new BodyTee(new PassThrough(), 0);
    const timers = new ActivityTimers(clock);
    const expired = vi.fn();
    timers.watchRequest(100, first, expired);
    first.onEnd?.();
    advance(200);
    const second = new BodyTee(new PassThrough(), 0);
    timers.watchRequest(100, second, expired);
    timers.responseStarted();
    advance(200);
    expect(expired).not.toHaveBeenCalled();
    timers.watchRequest(100, new BodyTee(new PassThrough(), 0), expired);
    advance(100);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it("watches one attempt at a time; a stopped or replaced attempt never fires", () => {
    const timers = new ActivityTimers(clock);
    const first = vi.fn();
    const second = vi.fn();
    timers.watchAttempt(100, first);
    advance(50);
    timers.watchAttempt(100, second);
    advance(99);
    expect(second).not.toHaveBeenCalled();
    advance(1);
    expect(second).toHaveBeenCalledTimes(1);
    expect(first).not.toHaveBeenCalled();
    const third = vi.fn();
    timers.watchAttempt(100, third);
    timers.stopAttempt();
    advance(500);
    expect(third).not.toHaveBeenCalled();
  });

  it("stops everything at once", () => {
    const timers = new ActivityTimers(clock);
    const expired = vi.fn();
    timers.watchStream(100, 0, undefined, expired);
    timers.watchRequest(100, new BodyTee(new PassThrough(), 0), expired);
    timers.watchAttempt(100, expired);
    timers.stop();
    advance(1_000);
    expect(expired).not.toHaveBeenCalled();
  });
});
