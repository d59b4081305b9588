/**
 * Envoy's matching of a TCP health check's reply: every expected block occurs in what arrived, in the
 * given order but not necessarily adjacent, so protocols that put a time or an id between the parts pass.
 */
export function containsInOrder(received: Buffer, blocks: readonly Uint8Array[]): boolean {
  let from = 0;
  for (const block of blocks) {
    const at = received.indexOf(block, from);
    if (at < 0) return false;
    from = at + block.length;
  }
  return true;
}
