/**
 * A malformed protobuf encoding. The decoder adds the names of the fields it was inside as the error
 * travels out, so the message says where it broke:
 * "envoy.config.endpoint.v3.ClusterLoadAssignment.endpoints[0].lb_endpoints[2]: truncated varint".
 */
export class WireFormatError extends Error {
  private readonly fieldPath: string[] = [];

  constructor(readonly detail: string) {
    super(detail);
    this.name = "WireFormatError";
  }

  /** The field names from the outermost message in, as far as the error has travelled. */
  get path(): readonly string[] {
    return this.fieldPath;
  }

  /** Records that the error happened inside `field` (or list element "[i]"), one level further out. */
  within(field: string): this {
    this.fieldPath.unshift(field);
    const path = this.fieldPath.reduce(
      (text, segment) => (text === "" || segment.startsWith("[") ? text + segment : `${text}.${segment}`),
      "",
    );
    this.message = `${path}: ${this.detail}`;
    return this;
  }
}

/** Rethrows `error` located inside `field` (other errors pass through unchanged). */
export function locate(error: unknown, field: string): unknown {
  return error instanceof WireFormatError ? error.within(field) : error;
}
