import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { llhttp, type NativeParser } from "@/lib/proxy/h1/llhttp";
import { readSocket } from "@/lib/proxy/h1/socket-reader";

// The parser reading a real socket itself (lib/proxy/h1/socket-reader.ts): every read reaches the parser
// and kOnExecute, pausing stops the reads, resuming brings the held bytes, and release gives the socket's
// bytes back to its stream (as the upgrade hand-over needs).

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

interface Pair {
  readonly client: net.Socket;
  readonly server: net.Socket;
}

async function socketPair(): Promise<Pair> {
  const listener = net.createServer();
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const accepted = new Promise<net.Socket>((resolve) => listener.once("connection", resolve));
  const client = net.connect((listener.address() as net.AddressInfo).port, "127.0.0.1");
  const server = await accepted;
  cleanups.push(() => {
    client.destroy();
    server.destroy();
    listener.close();
  });
  return { client, server };
}

function requestParser(onRequest: (url: string) => void, onExecute: (result: unknown) => void): NativeParser {
  const binding = llhttp;
  if (!binding) throw new Error("the llhttp binding is not available");
  const P = binding.Parser;
  const parser = new P();
  parser.initialize(P.REQUEST, {}, 16_384, 0);
  parser[P.kOnHeadersComplete] = (...args: unknown[]) => {
    onRequest(String(args[4]));
    return 0;
  };
  parser[P.kOnExecute] = onExecute;
  return parser;
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe("the parser reading the socket", () => {
  it("parses every read, stops while paused and catches up on resume", async () => {
    const { client, server } = await socketPair();
    const urls: string[] = [];
    const executed: unknown[] = [];
    const dataEvents: Buffer[] = [];
    const parser = requestParser(
      (url) => urls.push(url),
      (result) => executed.push(result),
    );
    const reader = readSocket(server, parser);
    server.on("data", (chunk: Buffer) => dataEvents.push(chunk));
    expect(reader.consumed).toBe(true);

    const first = "GET /one HTTP/1.1\r\nHost: a\r\n\r\n";
    client.write(first);
    await until(() => urls.length === 1);
    expect(executed).toEqual([first.length]);

    reader.pause();
    client.write("GET /two HTTP/1.1\r\nHost: a\r\n\r\n");
    await new Promise((r) => setTimeout(r, 50));
    expect(urls).toEqual(["/one"]);

    reader.resume();
    await until(() => urls.length === 2);
    expect(urls).toEqual(["/one", "/two"]);
    // The stream never saw the bytes: they went to the parser.
    expect(dataEvents).toEqual([]);
  });

  it("gives later bytes back to the socket's stream once released", async () => {
    const { client, server } = await socketPair();
    const urls: string[] = [];
    const parser = requestParser(
      (url) => urls.push(url),
      () => {},
    );
    const reader = readSocket(server, parser);
    const dataEvents: string[] = [];
    server.on("data", (chunk: Buffer) => dataEvents.push(chunk.toString()));
    client.write("GET /first HTTP/1.1\r\nHost: a\r\n\r\n");
    await until(() => urls.length === 1);
    reader.pause();
    reader.release();
    expect(reader.consumed).toBe(false);
    reader.resume();
    client.write("raw bytes of another protocol");
    await until(() => dataEvents.join("") === "raw bytes of another protocol");
    expect(urls).toEqual(["/first"]);
  });

  it("still reports the end of the stream to the socket", async () => {
    const { client, server } = await socketPair();
    const parser = requestParser(
      () => {},
      () => {},
    );
    readSocket(server, parser);
    let ended = false;
    server.on("data", () => {});
    server.on("end", () => {
      ended = true;
    });
    client.end("GET /bye HTTP/1.1\r\nHost: a\r\n\r\n");
    await until(() => ended);
  });
});
