/** A failure the API reports with a given status and stable code; the message is safe to show. */
export class DomainError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DomainError(404, "not_found", `${what} not found`);
export const conflict = (message: string) => new DomainError(409, "conflict", message);
