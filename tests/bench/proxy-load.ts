/**
 * Open-loop load at a fixed rate for the proxy benchmark (wrk measures the maximum rate; it cannot hold a
 * fixed one). Requests are scheduled by the clock whatever the responses do, over a pool of keep-alive
 * connections, and each latency is measured from send to the last body byte with a monotonic clock.
 * Usage: npx tsx tests/bench/proxy-load.ts <host:port> <Host header> <rate> <seconds> [connections]
 * Prints one JSON line: { sent, ok, errors, rate, p50Ms, p90Ms, p99Ms, maxMs, answered }; `answered` counts the
 * one-second warm-up too, so that CPU read around the whole run can be divided by every request it served.
 */
import http from "node:http";

const [address = "", hostHeader = "", rateText = "1000", secondsText = "10", connText = "32"] =
  process.argv.slice(2);
const [host, port] = [
  address.slice(0, address.lastIndexOf(":")),
  Number(address.slice(address.lastIndexOf(":") + 1)),
];
const rate = Number(rateText);
const seconds = Number(secondsText);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connText) });
const latencies: number[] = [];
let sent = 0;
let ok = 0;
let errors = 0;
let inFlight = 0;
let answered = 0;

function send(record: boolean): void {
  sent += 1;
  inFlight += 1;
  const started = process.hrtime.bigint();
  const req = http.request({ host, port, path: "/", headers: { host: hostHeader }, agent }, (res) => {
    res.on("data", () => {});
    res.on("end", () => {
      inFlight -= 1;
      answered += 1;
      if (res.statusCode === 200) ok += 1;
      else errors += 1;
      if (record) latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    });
  });
  req.on("error", () => {
    inFlight -= 1;
    errors += 1;
  });
  req.end();
}

async function run(durationS: number, record: boolean): Promise<void> {
  const start = performance.now();
  let due = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = performance.now() - start;
      if (elapsed >= durationS * 1000) {
        clearInterval(tick);
        resolve();
        return;
      }
      const target = Math.floor((elapsed * rate) / 1000);
      while (due < target) {
        due += 1;
        send(record);
      }
    }, 1);
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

await run(1, false); // warm the connection pool and the JIT
sent = 0;
ok = 0;
errors = 0;
const began = performance.now();
await run(seconds, true);
while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
const elapsed = (performance.now() - began) / 1000;
latencies.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    sent,
    ok,
    errors,
    rate: Math.round(sent / elapsed),
    p50Ms: percentile(latencies, 0.5),
    p90Ms: percentile(latencies, 0.9),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies.at(-1) ?? 0,
    answered,
  }),
);
agent.destroy();
