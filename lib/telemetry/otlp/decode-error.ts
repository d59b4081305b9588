/**
 * A request body that cannot be decoded at all (malformed or truncated protobuf, invalid JSON structure).
 * The whole export is refused with HTTP 400 / gRPC INVALID_ARGUMENT; per-item problems are rejections
 * instead (see Rejections). The message says where: "resource_spans[0].scope_spans[1].spans[3]: ...".
 */
export class DecodeError extends Error {
  override readonly name = "DecodeError";
  readonly status = 400;
  readonly detail: string;
  private readonly segments: string[] = [];

  constructor(detail: string) {
    super(detail);
    this.detail = detail;
  }

  /** Where in the message the problem is, outermost first, e.g. "resource_spans[0].scope_spans[1]". */
  get path(): string {
    return this.segments.join(".");
  }

  /** Prepends an enclosing location; decoders call this while the error unwinds, so the happy path pays nothing. */
  within(segment: string): DecodeError {
    this.segments.unshift(segment);
    this.message = `${this.path}: ${this.detail}`;
    return this;
  }
}

/** Adds a location to a DecodeError; anything else (a bug, not bad input) becomes a DecodeError too. */
export function locateError(error: unknown, segment: string): DecodeError {
  if (error instanceof DecodeError) return error.within(segment);
  if (error instanceof RangeError) return new DecodeError(`invalid input (${error.message})`).within(segment);
  throw error;
}
