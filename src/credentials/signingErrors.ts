/**
 * The one mapping from a signing failure to a 400 a caller can act on. Signing a credential
 * runs jsonld (expansion in safe mode), rdf-canonize and the Data Integrity suites over the
 * caller's document; each reports bad input with its own error class, so an invalid IRI, a
 * redefined protected term or a claim-less subject used to surface as a 500. Anything not
 * recognised here is a bug or an infrastructure fault and stays a 500.
 */
import { AppError } from '../errors.js';

type JsonldError = Error & {
  details?: {
    code?: string;
    event?: { details?: { property?: string; term?: string } };
    term?: string;
    context?: unknown;
  };
};

/** What jsonld's `details.code` means, as a sentence for the caller. */
const JSONLD_CODES: Record<string, string> = {
  'invalid IRI mapping': 'maps a term to something that is not an absolute IRI',
  'protected term redefinition': 'redefines a protected term (VC and Open Badges terms cannot be redefined)',
  'invalid term definition': 'has an invalid term definition',
  'invalid type mapping': 'has an invalid @type mapping',
  'invalid @id value': 'has an "id" that is not a string IRI',
  'invalid type value': 'has a "type" that is not a string or an array of strings',
  'invalid value object': 'has an invalid value object',
  'invalid local context': 'has an inline @context that is not valid JSON-LD',
  'invalid context entry': 'has an invalid @context entry',
  'invalid keyword alias': 'aliases a keyword in a way JSON-LD does not allow',
  'keyword redefinition': 'redefines a JSON-LD keyword',
  'cyclic IRI mapping': 'defines terms in a cycle',
  'context overflow': 'nests scoped contexts too deeply',
  'invalid scoped context': 'has an invalid scoped context',
  'invalid language-tagged string': 'has an invalid language-tagged string',
  'invalid base IRI': 'has an invalid @base',
  'invalid vocab mapping': 'has an invalid @vocab',
};

function jsonldProblem(error: JsonldError): AppError {
  const details = error.details ?? {};
  const property = details.event?.details?.property;
  if (error.name === 'jsonld.ValidationError') {
    return new AppError(
      'invalid_credential',
      `The credential uses ${property ? `"${property}", a term` : 'a term'} that its @context does not define; add a context that defines it`,
    );
  }
  const term = details.term ?? details.event?.details?.term;
  const what =
    (details.code && JSONLD_CODES[details.code]) ??
    `could not be processed as JSON-LD (${details.code ?? error.message})`;
  return new AppError('invalid_credential', `The credential ${what}${term ? `: "${term}"` : ''}`, {
    jsonldCode: details.code ?? null,
  });
}

/** Messages of @digitalbazaar/vc's own credential checks ('"issuer" id is required.', ...). */
const VC_CHECK = /^("[^"]+"|property "[^"]+"|Credential has expired)/;
/** rdf-canonize's guard against poison graphs. */
const CANONIZE_GUARD = /Maximum deep iterations exceeded|work factor/i;

/** The 400 for a signing failure caused by the credential, or undefined for anything else. */
export function signingProblem(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (!(error instanceof Error)) return undefined;
  if (error.name.startsWith('jsonld.')) return jsonldProblem(error as JsonldError);
  if (CANONIZE_GUARD.test(error.message)) {
    return new AppError(
      'credential_too_complex',
      'The credential is too costly to canonicalise (its graph needs too many steps); simplify its structure',
    );
  }
  if (VC_CHECK.test(error.message))
    return new AppError('invalid_credential', `The credential is not well formed: ${error.message}`);
  return undefined;
}
