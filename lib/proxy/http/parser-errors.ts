/**
 * What to answer when Node's HTTP/1.1 parser refuses a request before the proxy sees it (llhttp error
 * codes), so that smuggling attempts, oversized or malformed heads and slow clients get a clear 4xx.
 */
export interface ParserRejection {
  readonly status: 400 | 408 | 413 | 431 | 501 | 505;
  readonly message: string;
}

export function describeParserError(code: string | undefined, message: string): ParserRejection {
  switch (code) {
    case "HPE_HEADER_OVERFLOW":
      return { status: 431, message: "request headers are too large" };
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return { status: 408, message: "request headers were not received in time" };
    case "HPE_UNEXPECTED_CONTENT_LENGTH":
      return {
        status: 400,
        message: "both Content-Length and Transfer-Encoding (possible request smuggling)",
      };
    case "HPE_INVALID_CONTENT_LENGTH":
      return { status: 400, message: "invalid or duplicate Content-Length (possible request smuggling)" };
    case "HPE_INVALID_TRANSFER_ENCODING":
      return /content-length/i.test(message)
        ? { status: 400, message: "both Content-Length and Transfer-Encoding (possible request smuggling)" }
        : { status: 400, message: "invalid Transfer-Encoding" };
    case "HPE_INVALID_HEADER_TOKEN":
      return { status: 400, message: "invalid character in a header name or value" };
    case "HPE_INVALID_METHOD":
      return { status: 501, message: "unknown request method" };
    case "HPE_INVALID_URL":
      return { status: 400, message: "invalid request target" };
    case "HPE_INVALID_VERSION":
      return { status: 505, message: "unsupported HTTP version" };
    case "HPE_INVALID_CHUNK_SIZE":
      return { status: 400, message: "invalid chunk size in a chunked body" };
    default:
      return { status: 400, message: `malformed request: ${message.replace(/[\r\n]/g, " ").slice(0, 200)}` };
  }
}

/** A complete HTTP/1.1 error response written straight to the socket; the connection closes after it. */
export function rawErrorResponse(rejection: ParserRejection, statusText: string): string {
  const body = `${rejection.message}\n`;
  return (
    `HTTP/1.1 ${rejection.status} ${statusText}\r\n` +
    "content-type: text/plain; charset=utf-8\r\n" +
    "x-weft-reason: bad_request\r\n" +
    "connection: close\r\n" +
    `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}
