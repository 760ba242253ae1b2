// One error type for every refusal, so that every route answers the same
// documented envelope: {status:"error", error, error_id, error_code}.

export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    message: string,
    readonly errorCode: string,
    /** Extra headers to send with the error (e.g. Retry-After). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, errorCode = 'BAD_REQUEST'): ApiError =>
  new ApiError(400, message, errorCode);

export const notFound = (message: string): ApiError => new ApiError(404, message, 'NOT_FOUND');

/** Error codes for statuses used by faults, so an injected 503 looks like a real one. */
export function errorCodeForStatus(status: number): string {
  const codes: Record<number, string> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHORIZED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    409: 'CONFLICT',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    429: 'TOO_MANY_REQUESTS',
    500: 'INTERNAL_ERROR',
    502: 'BAD_GATEWAY',
    503: 'SERVICE_UNAVAILABLE',
    504: 'GATEWAY_TIMEOUT',
  };
  return codes[status] ?? `HTTP_${status}`;
}
