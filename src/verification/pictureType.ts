/**
 * The files POST /credentials/verify takes besides JSON: a certificate picture (PNG, JPEG,
 * SVG) or its PDF. Kept apart from the readers (pictureCredential.ts) so the HTTP handler,
 * on the event loop, names the type without loading any decoder.
 */

/** The media types of the files a credential is read from. */
export type PictureType = 'image/png' | 'image/jpeg' | 'image/svg+xml' | 'application/pdf';

// `image/jpg` is not registered, but phones and some upload libraries send it.
const PICTURE_TYPE = /^\s*(image\/png|image\/jpe?g|image\/svg\+xml|application\/pdf)\s*(?:;|$)/i;

/** The picture type a Content-Type header value names, if it names one. */
export function pictureType(contentType: string | undefined): PictureType | undefined {
  const match = PICTURE_TYPE.exec(contentType ?? '');
  if (!match) return undefined;
  const type = match[1]!.toLowerCase();
  return (type === 'image/jpg' ? 'image/jpeg' : type) as PictureType;
}
