/**
 * Reads what a certificate page and /me show of a badge from the credential itself: its
 * picture, the skills it certifies, the holder's results and the evidence linked. Tolerant
 * of shape like verification/credentialFacts.ts (only strings are taken, lists are capped,
 * links must be http(s)), so a credential issued before issue 20 shows none of it.
 */

type Json = Record<string, unknown>;

/** A badge's display parts. */
export interface BadgeFacts {
  /** Where the page loads the picture from: our own path, or an inline data: URL. */
  image?: { src: string; caption: string };
  skills: { name: string; url?: string; code?: string; framework?: string }[];
  /** Each result in words, e.g. "Final quiz: 8 out of 10" or "Completed". */
  results: { name: string; value: string }[];
  evidence: { name: string; url?: string; description?: string }[];
}

const MAX_ENTRIES = 50;
const MAX_TEXT = 500;

const object = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const list = (value: unknown): Json[] =>
  ([] as unknown[])
    .concat(value ?? [])
    .slice(0, MAX_ENTRIES)
    .map(object);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim().slice(0, MAX_TEXT) : undefined;
const link = (value: unknown): string | undefined =>
  typeof value === 'string' && /^https?:\/\/[^\s]+$/i.test(value) ? value.slice(0, 2000) : undefined;

/**
 * The image as a page may load it under our Content-Security-Policy (img-src 'self'
 * data:): our own badge images by path, inline pictures as they are, others not at all.
 */
function imageSource(id: unknown, publicUrl: string): string | undefined {
  if (typeof id !== 'string') return undefined;
  const ours = `${publicUrl.replace(/\/$/, '')}/badges/images/`;
  if (id.startsWith(ours) && /^[0-9a-f]{64}\.(png|svg|jpg)$/.test(id.slice(ours.length)))
    return `/badges/images/${id.slice(ours.length)}`;
  return /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/.test(id) && id.length < 400_000
    ? id
    : undefined;
}

function resultWords(result: Json, description: Json): string | undefined {
  const value = text(result.value);
  const max = text(description.valueMax);
  if (value !== undefined) return max !== undefined ? `${value} out of ${max}` : value;
  return text(result.status);
}

/** The badge facts of a credential (any issuer's; ours carry them since issue 20). */
export function badgeFacts(credential: Json, publicUrl: string): BadgeFacts {
  const subject = object(
    Array.isArray(credential.credentialSubject)
      ? credential.credentialSubject[0]
      : credential.credentialSubject,
  );
  const achievement = object(subject.achievement);
  const picture = object(achievement.image);
  const src = imageSource(typeof achievement.image === 'string' ? achievement.image : picture.id, publicUrl);
  const name = text(achievement.name) ?? 'Badge';
  const descriptions = new Map(list(achievement.resultDescription).map((d) => [d.id, d]));
  const facts: BadgeFacts = {
    skills: list(achievement.alignment).flatMap((a) => {
      const skill = text(a.targetName);
      if (!skill) return [];
      const url = link(a.targetUrl);
      const code = text(a.targetCode);
      const framework = text(a.targetFramework);
      return [
        {
          name: skill,
          ...(url ? { url } : {}),
          ...(code ? { code } : {}),
          ...(framework ? { framework } : {}),
        },
      ];
    }),
    results: list(subject.result).flatMap((r) => {
      const description = object(descriptions.get(r.resultDescription));
      const value = resultWords(r, description);
      return value ? [{ name: text(description.name) ?? 'Result', value }] : [];
    }),
    evidence: list(credential.evidence).flatMap((e) => {
      const url = link(e.id);
      const label = text(e.name) ?? (url ? 'Evidence' : undefined);
      const description = text(e.description);
      return label ? [{ name: label, ...(url ? { url } : {}), ...(description ? { description } : {}) }] : [];
    }),
  };
  if (src) facts.image = { src, caption: text(picture.caption) ?? `Badge: ${name}` };
  return facts;
}
