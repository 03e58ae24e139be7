/**
 * Following the QR code found on a certificate picture, on the main thread (the store is
 * here). Only links to this site (PUBLIC_URL) are followed, and only by looking the
 * credential up: nothing is ever fetched, so a picture cannot make the server call an
 * address of the uploader's choosing. The links a certificate's QR code has held:
 * `/v/<token>` (any certificate, private ones included: the token is the bearer secret
 * printed on it), and by credential id `/c/<id>`, `/verify?id=<id>` or `/credentials/<id>`,
 * which lead to public certificates only and answer anything else exactly as
 * GET /credentials/<id> does, so ids cannot be probed through pictures either.
 */
import { AppError } from '../errors.js';
import type { CredentialRecord, CredentialStore } from '../storage/ports.js';
import { VERIFICATION_TOKEN_SHAPE } from '../storage/verificationToken.js';

/** What following a link needs: this site's address and the credentials it holds. */
export interface QrLinkSite {
  publicUrl: string;
  credentials: Pick<CredentialStore, 'get' | 'getByVerificationToken'>;
}

/** Where a QR code's text leads. */
export type QrLink =
  | { kind: 'token'; token: string; url: string }
  | { kind: 'id'; id: string; url: string }
  | { kind: 'elsewhere'; url: string }
  | { kind: 'notLink' };

/** A credential found through a QR link, and the link. */
export interface LinkedCredential {
  credential: Record<string, unknown>;
  url: string;
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Reads a QR code's text as a link of this site (`publicUrl`, with any base path it has) or
 * not; without a site, every link leads elsewhere.
 */
export function qrLinkOf(text: string, publicUrl: string | undefined): QrLink {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { kind: 'notLink' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'notLink' };
  const elsewhere = { kind: 'elsewhere', url: url.href } as const;
  if (!publicUrl) return elsewhere;
  const site = new URL(publicUrl);
  const base = site.pathname.replace(/\/+$/, '');
  if (url.origin !== site.origin || !url.pathname.startsWith(`${base}/`)) return elsewhere;
  const path = url.pathname.slice(base.length);
  const id = url.searchParams.get('id');
  if (path === '/verify' && id) return { kind: 'id', id, url: url.href };
  const match = /^\/(v|c|credentials)\/([^/]+)$/.exec(path);
  const value = match ? decoded(match[2]!) : undefined;
  if (!match || !value) return elsewhere;
  return match[1] === 'v'
    ? { kind: 'token', token: value, url: url.href }
    : { kind: 'id', id: value, url: url.href };
}

/** Whether a record may be verified through a link; a private one only through its token. */
function showable(
  record: CredentialRecord | undefined,
  byToken: boolean,
): record is CredentialRecord & { credential: Record<string, unknown> } {
  return (
    !!record &&
    record.state === 'issued' &&
    !record.redactedAt &&
    !!record.credential &&
    (byToken || record.isPublic)
  );
}

/**
 * The credential behind a QR code's text. Throws 422 qr_foreign_link (with `url`) for a
 * link anywhere else, 422 picture_without_credential for text that is no link, and the
 * same 404 not_found as GET /credentials/<id> for a certificate that is missing, private
 * (asked for by id) or erased. Without a site (the Workers verifier holds no credentials)
 * every link is elsewhere.
 */
export async function credentialBehindQr(
  text: string,
  site: QrLinkSite | undefined,
): Promise<LinkedCredential> {
  const link = qrLinkOf(text, site?.publicUrl);
  if (link.kind === 'notLink') {
    throw new AppError(
      'picture_without_credential',
      `The QR code in this picture holds text, not a link to a certificate: "${text.slice(0, 200)}"`,
    );
  }
  // (Without a site, qrLinkOf never finds a link of this site; `!site` only narrows the type.)
  if (link.kind === 'elsewhere' || !site) {
    throw new AppError(
      'qr_foreign_link',
      `This QR code leads to ${link.url}, not to this site; it was not followed`,
      { url: link.url },
    );
  }
  if (link.kind === 'token') {
    const record = VERIFICATION_TOKEN_SHAPE.test(link.token)
      ? await site.credentials.getByVerificationToken(link.token)
      : undefined;
    if (!showable(record, true))
      throw new AppError('not_found', 'The certificate this QR code leads to does not exist or was erased');
    return { credential: record.credential, url: link.url };
  }
  const record = await site.credentials.get(link.id);
  if (!showable(record, false)) throw new AppError('not_found', `No public credential with id ${link.id}`);
  return { credential: record.credential, url: link.url };
}
