/**
 * Errors of the OB 3.0 resource endpoints in the spec's Imsx_StatusInfo shape (not the
 * platform's problem+json: the OpenAPI document names Imsx_StatusInfo for every error), and
 * the RFC 6750 WWW-Authenticate challenge of a 401 or 403.
 */
import type { AppError } from '../errors.js';

/** The code minor values of the spec this API uses. */
type CodeMinor =
  | 'forbidden'
  | 'invalid_data'
  | 'invalid_query_parameter'
  | 'not_found'
  | 'unauthorizedrequest'
  | 'internal_server_error'
  | 'server_busy';

/** A refusal of a resource request. */
export class Ob3Error extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 500 | 503,
    readonly codeMinor: CodeMinor,
    readonly description: string,
    /** The Bearer challenge's error (RFC 6750): invalid_token, insufficient_scope, ... */
    readonly bearerError?: 'invalid_request' | 'invalid_token' | 'insufficient_scope',
    readonly scope?: string,
  ) {
    super(description);
    this.name = 'Ob3Error';
  }
}

/** The Imsx_StatusInfo body of an error. */
export function imsxStatus(codeMinor: CodeMinor, description: string): Record<string, unknown> {
  return {
    imsx_codeMajor: 'failure',
    imsx_severity: 'error',
    imsx_description: description,
    imsx_codeMinor: {
      imsx_codeMinorField: [
        { imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: codeMinor },
      ],
    },
  };
}

/** The WWW-Authenticate value for an error, if it has one. */
export function bearerChallenge(error: Ob3Error): string | undefined {
  if (!error.bearerError && error.status !== 401) return undefined;
  const parts = ['realm="ob3"'];
  if (error.bearerError) parts.push(`error="${error.bearerError}"`);
  parts.push(`error_description="${error.description.replace(/["\\]/g, "'")}"`);
  if (error.scope) parts.push(`scope="${error.scope}"`);
  return `Bearer ${parts.join(', ')}`;
}

/** An AppError of the domains below (the backpack, the accounts) as an Ob3Error. */
export function fromAppError(error: AppError): Ob3Error {
  if (error.status === 404) return new Ob3Error(404, 'not_found', error.detail);
  if (error.status === 401) return new Ob3Error(401, 'unauthorizedrequest', error.detail, 'invalid_token');
  if (error.status === 403) return new Ob3Error(403, 'forbidden', error.detail);
  if (error.status === 413) return new Ob3Error(413, 'invalid_data', error.detail);
  if (error.status === 503) return new Ob3Error(503, 'server_busy', error.detail);
  if (error.status >= 500) return new Ob3Error(500, 'internal_server_error', error.detail);
  return new Ob3Error(400, 'invalid_data', error.detail);
}
