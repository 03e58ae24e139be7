/**
 * One error path for the whole platform (DESIGN rule 5): a closed set of codes, one
 * code-to-status table, and a problem+json body built in one place. Domain code throws
 * AppError for expected failures; anything else is a bug and becomes a 500 in onError.
 */
export type ErrorCode =
  | 'malformed_json'
  | 'invalid_request'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'did_invalid'
  | 'did_not_found'
  | 'did_deactivated'
  | 'did_method_not_supported'
  | 'did_representation_not_supported'
  | 'conflict'
  | 'invalid_credential'
  | 'schema_invalid'
  | 'unsupported_issuer'
  | 'unsupported_suite'
  | 'status_not_supported'
  | 'rate_limited'
  | 'verification_failed'
  | 'credential_too_large'
  | 'credential_too_complex'
  | 'verification_too_costly'
  | 'verification_busy'
  | 'picture_too_large'
  | 'picture_without_credential'
  | 'qr_foreign_link'
  | 'form_unreadable'
  | 'rendering_busy'
  | 'internal_error';

const statusByCode: Record<ErrorCode, number> = {
  malformed_json: 400,
  invalid_request: 400,
  invalid_credential: 400,
  schema_invalid: 400,
  unsupported_issuer: 400,
  unsupported_suite: 400,
  status_not_supported: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  // DID resolution (GET /1.0/identifiers/{did}) answers with the statuses of the DID
  // Resolution HTTP binding, which resolvers and their clients already expect.
  did_invalid: 400,
  did_not_found: 404,
  did_deactivated: 410,
  did_representation_not_supported: 406,
  // 501, not 400: the DID may be fine; this resolver lacks the method (ask another resolver).
  did_method_not_supported: 501,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  // VC-API answers 400 for a credential that does not verify; the body still says why.
  verification_failed: 400,
  credential_too_large: 413,
  // 422: the request is well formed, but the credential is beyond what is verified here.
  credential_too_complex: 422,
  verification_too_costly: 422,
  verification_busy: 503,
  // A picture is refused by its pixel count before it is decoded (the bytes passed the body limit).
  picture_too_large: 413,
  // 422: the file was read, but nothing in it leads to a credential this site will verify.
  picture_without_credential: 422,
  qr_foreign_link: 422,
  form_unreadable: 400,
  rendering_busy: 503,
  internal_error: 500,
};

const titleByCode: Record<ErrorCode, string> = {
  malformed_json: 'Malformed JSON',
  invalid_request: 'Invalid request',
  invalid_credential: 'Invalid credential',
  schema_invalid: 'Credential does not match its schema',
  unsupported_issuer: 'Unsupported issuer',
  unsupported_suite: 'Unsupported proof suite',
  status_not_supported: 'Status change not supported',
  unauthorized: 'Authentication required',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  did_invalid: 'Invalid DID',
  did_not_found: 'DID not found',
  did_deactivated: 'DID deactivated',
  did_method_not_supported: 'DID method not supported',
  did_representation_not_supported: 'DID representation not supported',
  conflict: 'Conflict',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  rate_limited: 'Too many requests',
  verification_failed: 'Verification failed',
  credential_too_large: 'Credential too large',
  credential_too_complex: 'Credential too complex',
  verification_too_costly: 'Verification too costly',
  verification_busy: 'Verifier busy',
  picture_too_large: 'Picture too large',
  picture_without_credential: 'No credential in the picture',
  qr_foreign_link: 'QR code leads elsewhere',
  form_unreadable: 'Form could not be read',
  rendering_busy: 'Renderer busy',
  internal_error: 'Internal server error',
};

/** The HTTP status for an error code. */
export function codeToStatus(code: ErrorCode): number {
  return statusByCode[code];
}

/** An expected failure with a sentence a person can act on. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string;
  readonly extra: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, detail: string, extra?: Record<string, unknown>) {
    super(detail);
    this.name = 'AppError';
    this.code = code;
    this.status = codeToStatus(code);
    this.detail = detail;
    this.extra = extra;
  }
}

/** RFC 9457 problem details body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  requestId?: string;
  [key: string]: unknown;
}

/** Builds the problem+json body for an error code. */
export function toProblem(
  code: ErrorCode,
  detail: string,
  requestId?: string,
  extra?: Record<string, unknown>,
): Problem {
  return {
    // A relative URI reference (RFC 9457 3.1.1): stable per code, resolved against this server.
    type: `/problems/${code.replaceAll('_', '-')}`,
    title: titleByCode[code],
    status: codeToStatus(code),
    code,
    detail,
    ...(requestId ? { requestId } : {}),
    ...extra,
  };
}
