/**
 * Who reads a fast-path socket. Where the socket has a stream handle, llhttp consumes it directly, as
 * node:http does: libuv hands each read to the parser in C++, without a Buffer per read, a Readable
 * stream or a JS → C++ call, and the parser reports each read through its kOnExecute callback. The
 * stream then never sees the bytes, so pausing stops the handle itself. Otherwise the socket's 'data'
 * events feed the parser and pausing is the stream's own.
 */
import type net from "node:net";
import type { NativeParser } from "./llhttp";

/** The parts of net.Socket's internal stream handle used here. */
interface StreamHandle {
  readonly isStreamBase?: boolean;
  reading: boolean;
  readStart(): number;
  readStop(): number;
}

export interface SocketReader {
  /** The parser reads the socket itself (kOnExecute reports each read); false: 'data' events do. */
  readonly consumed: boolean;
  pause(): void;
  resume(): void;
  /** Gives the bytes back to the socket's stream (before a hand-over, or before freeing the parser). */
  release(): void;
}

export function readSocket(socket: net.Socket, parser: NativeParser): SocketReader {
  const handle = (socket as unknown as { _handle?: StreamHandle | null })._handle;
  if (!handle?.isStreamBase || typeof parser.consume !== "function") return streamReader(socket);
  parser.consume(handle);
  let consumed = true;
  return {
    get consumed() {
      return consumed;
    },
    pause() {
      // The flag is net.Socket's own: its _read() starts the handle again only when this says stopped.
      if (!handle.reading || socket.destroyed) return;
      handle.reading = false;
      handle.readStop();
    },
    resume() {
      if (handle.reading || socket.destroyed) return;
      handle.reading = true;
      handle.readStart();
    },
    release() {
      if (!consumed) return;
      consumed = false;
      parser.unconsume();
    },
  };
}

function streamReader(socket: net.Socket): SocketReader {
  return {
    consumed: false,
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    release: () => {},
  };
}
