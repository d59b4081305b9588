/**
 * Node.js/V8 flags the sidecar should run with (docs/proxy.md, "Memory and CPU"). Measured at 1,000 req/s
 * and under repeated full-load bursts: a 1 MB young generation keeps RSS ~15 MB lower; garbage collection
 * on the main thread only (the heap is small) saves the hand-offs to helper threads, about 0.01 vCPU and a
 * lower p99; one V8 helper thread instead of four saves ~2 MB; optimizing for size collects the old
 * generation sooner, so RSS stops creeping up after bursts of load (~4 MB), for ~3% more CPU. They cannot be
 * set once the process runs, so whoever starts the sidecar passes them (the demo and the bench do).
 */
export const SIDECAR_NODE_FLAGS: readonly string[] = [
  "--max-semi-space-size=1",
  "--single-threaded-gc",
  "--v8-pool-size=1",
  "--optimize-for-size",
];
