// The simulated proxies of `npm run bench:xds`, in their own process so the server's event loop and
// memory are measured alone. Started by tests/bench/xds.ts with an IPC channel:
//   argv: <xds target> <count> <route names,> <cluster names,>
//   sends {type: "acked", kind, version, ackTimes} each time every proxy has ACKed a version of a type,
//   exits when the parent disconnects.
import { openSimulatedProxies } from "./xds-clients";

export interface AckedMessage {
  type: "acked";
  kind: string;
  version: string;
  /** Epoch milliseconds (performance.timeOrigin based), one per proxy. */
  ackTimes: number[];
}

const [target = "", count = "0", routes = "", clusters = ""] = process.argv.slice(2);
if (!process.send) throw new Error("run me from tests/bench/xds.ts (needs an IPC channel)");
const send = process.send.bind(process);

const proxies = await openSimulatedProxies({
  target,
  count: Number(count),
  nodeIdPrefix: `bench-${process.pid}`,
  routeNames: routes.split(","),
  clusterNames: clusters.split(","),
  client: "envoy",
  onAllAcked: (kind, version, ackTimes) =>
    send({ type: "acked", kind, version, ackTimes } satisfies AckedMessage),
});
send({ type: "ready", count: proxies.nodeIds.length });
process.on("message", (message: { type?: string }) => {
  if (message.type === "report") send({ type: "report", routes: proxies.report("routes") });
});
process.on("disconnect", () => {
  proxies.close();
  process.exit(0);
});
