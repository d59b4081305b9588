/** mulberry32: a tiny deterministic generator, so a failing fuzz case can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random buffers and copies of `valid` with a few bytes overwritten, alternately. */
export function* corruptedInputs(valid: Uint8Array, seed: number, rounds: number): Generator<Uint8Array> {
  const random = seededRandom(seed);
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      yield Uint8Array.from({ length: Math.floor(random() * 200) }, () => Math.floor(random() * 256));
    } else {
      const body = Uint8Array.from(valid);
      for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips--) {
        body[Math.floor(random() * body.length)] = Math.floor(random() * 256);
      }
      yield body;
    }
  }
}
