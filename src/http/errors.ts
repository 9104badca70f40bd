/**
 * A failure answered as `{"error":{"code","message"}}` with its status (the message is shown to
 * the caller); `retryAfterMs` becomes a Retry-After header.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
