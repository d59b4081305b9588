/**
 * Randomness and time are injected everywhere in the proxy core so tests are exact.
 * `Random` has the contract of Math.random: a float in [0, 1).
 */
export type Random = () => number;

/** Milliseconds from an arbitrary monotonic origin (performance.now() in production). */
export type Clock = () => number;

/**
 * A small seeded PRNG: xoshiro128** (Blackman and Vigna), seeded through splitmix32 so that any 32-bit seed
 * (including 0) yields a well-mixed state. Deterministic across platforms; not for cryptography.
 */
export function seededRandom(seed: number): Random {
  let s = seed >>> 0;
  const nextSeed = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = nextSeed();
  let b = nextSeed();
  let c = nextSeed();
  let d = nextSeed();
  return () => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result / 0x1_0000_0000;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** An integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** A uniformly random unsigned 32-bit integer. */
export function randomUint32(random: Random): number {
  return Math.floor(random() * 0x1_0000_0000) >>> 0;
}

/** A fake clock for tests: `now()` reads it, `advance(ms)` moves it. */
export function fakeClock(startMs = 0): { now: Clock; advance(ms: number): void; set(ms: number): void } {
  let current = startMs;
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
    set(ms: number) {
      current = ms;
    },
  };
}
