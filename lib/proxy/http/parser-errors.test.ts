import { describe, expect, it } from "vitest";
import { describeParserError, rawErrorResponse } from "./parser-errors";

describe("describeParserError", () => {
  it("names smuggling attempts, oversized heads and slow clients", () => {
    expect(
      describeParserError(
        "HPE_INVALID_TRANSFER_ENCODING",
        "Transfer-Encoding can't be present with Content-Length",
      ),
    ).toEqual({
      status: 400,
      message: "both Content-Length and Transfer-Encoding (possible request smuggling)",
    });
    expect(describeParserError("HPE_UNEXPECTED_CONTENT_LENGTH", "x").status).toBe(400);
    expect(describeParserError("HPE_HEADER_OVERFLOW", "x").status).toBe(431);
    expect(describeParserError("ERR_HTTP_REQUEST_TIMEOUT", "x").status).toBe(408);
    expect(describeParserError("HPE_INVALID_METHOD", "x").status).toBe(501);
  });

  it("keeps unknown errors on one line", () => {
    expect(describeParserError("HPE_WEIRD", "bad\r\nthing").message).toBe("malformed request: bad  thing");
  });
});

describe("rawErrorResponse", () => {
  it("is a complete response with the reason, a length and connection close", () => {
    const text = rawErrorResponse(
      { status: 431, message: "request headers are too large" },
      "Request Header Fields Too Large",
    );
    expect(text).toBe(
      "HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: text/plain; charset=utf-8\r\n" +
        "x-weft-reason: bad_request\r\nconnection: close\r\ncontent-length: 30\r\n\r\nrequest headers are too large\n",
    );
  });
});
