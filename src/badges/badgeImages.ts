/**
 * A course's badge image: staff upload it on the course's console page; it is checked
 * (type from its first bytes, never the name or the browser's word; a size cap; a PNG's
 * chunks read through, and one already carrying a baked credential refused; an SVG only
 * when svgSafety.ts finds nothing that could run or load), stored by its sha256 and served
 * publicly at /badges/images/<sha256>.<ext>. The URL names the bytes, so credentials keep
 * showing the picture they were issued with after staff upload another one.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { requireProgramStaff } from '../programs/courses.js';
import type { ProgramDeps } from '../programs/programDeps.js';
import { iTXtKeyword, readPngChunks } from '../rendering/pngChunks.js';
import { PNG_KEYWORD } from '../rendering/bakedCredential.js';
import type { BadgeImageType, CourseBadgeImage, CourseRecord } from '../storage/ports.js';
import { assertSafeSvg, UnsafeSvgError } from './svgSafety.js';
import { IMAGE_EXTENSIONS } from './badgePaths.js';

/** The largest badge image accepted: badges are small pictures, and the bytes live in the database. */
export const MAX_BADGE_IMAGE_BYTES = 256 * 1024;
/** The longest caption (the text read out in place of the picture). */
const MAX_CAPTION = 200;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const BADGE_IMAGE = 'The badge image';
const bad = (detail: string, subject = BADGE_IMAGE) =>
  new AppError('invalid_request', `${subject} ${detail}`);

/**
 * Reads the type of an uploaded badge image from its bytes and checks it; throws a 400 saying
 * why, about `subject` (an OB 3.0 app's logo goes through the same checks: clientLogos.ts).
 */
export function checkBadgeImage(bytes: Uint8Array, subject = BADGE_IMAGE): BadgeImageType {
  const refuse = (detail: string) => bad(detail, subject);
  if (bytes.length === 0) throw refuse('is empty: choose a PNG, SVG or JPEG file');
  if (bytes.length > MAX_BADGE_IMAGE_BYTES)
    throw refuse(
      `is ${Math.ceil(bytes.length / 1024)} KB; the largest accepted is ${MAX_BADGE_IMAGE_BYTES / 1024} KB`,
    );
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) {
    let chunks: ReturnType<typeof readPngChunks>;
    try {
      chunks = readPngChunks(bytes);
    } catch (error) {
      throw refuse(`is not a usable PNG: ${(error as Error).message}`);
    }
    // A baked badge as the course's picture would hand every holder someone else's credential.
    if (chunks.some((c) => c.type === 'iTXt' && iTXtKeyword(c.data) === PNG_KEYWORD))
      throw refuse('already carries an Open Badges credential; upload the plain picture');
    return 'image/png';
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw refuse('is not a PNG, SVG or JPEG file');
  }
  if (!/<svg[\s>]/.test(text.slice(0, 4096))) throw refuse('is not a PNG, SVG or JPEG file');
  try {
    assertSafeSvg(text);
  } catch (error) {
    if (error instanceof UnsafeSvgError) throw refuse(`was refused: ${error.message}`);
    throw error;
  }
  return 'image/svg+xml';
}

async function courseOf(deps: ProgramDeps, courseId: string): Promise<CourseRecord> {
  const course = await deps.stores.courses.getCourse(courseId);
  if (!course) throw new AppError('not_found', `No course ${courseId}`);
  return course;
}

function cleanCaption(caption: string, course: CourseRecord): string {
  const text = caption.replace(/\s+/g, ' ').trim();
  if (text.length > MAX_CAPTION) throw bad(`caption is longer than ${MAX_CAPTION} characters`);
  return text || `Badge of ${course.title}`;
}

/**
 * Sets a course's badge image (new bytes, a new caption, or both) or, with `remove`, takes
 * it off the course: certificates issued from then on carry no image, and those issued
 * before keep theirs (the stored image stays). Staff only; audited.
 */
export async function setCourseBadgeImage(
  deps: ProgramDeps,
  actor: Actor,
  courseId: string,
  input: { bytes?: Uint8Array; caption: string; remove?: boolean },
): Promise<CourseRecord> {
  requireProgramStaff(actor);
  // The form is checked before the course is looked up, so a bad upload says what is wrong with it.
  const mediaType = input.bytes && !input.remove ? checkBadgeImage(input.bytes) : undefined;
  if (!input.bytes && !input.remove && !input.caption.trim())
    throw bad('is missing: choose a PNG, SVG or JPEG file (or write a caption to change it)');
  const course = await courseOf(deps, courseId);
  const now = deps.now().toISOString();
  let badgeImage: CourseBadgeImage | undefined;
  if (input.remove) badgeImage = undefined;
  else if (input.bytes && mediaType) {
    const sha256 = createHash('sha256').update(input.bytes).digest('hex');
    await deps.stores.badgeImages.putBadgeImage({ sha256, mediaType, bytes: input.bytes, createdAt: now });
    badgeImage = { sha256, mediaType, caption: cleanCaption(input.caption, course) };
  } else if (course.badgeImage) {
    badgeImage = { ...course.badgeImage, caption: cleanCaption(input.caption, course) };
  } else throw bad('is missing: choose a PNG, SVG or JPEG file');
  const { badgeImage: _old, ...rest } = course;
  const updated: CourseRecord = { ...rest, ...(badgeImage ? { badgeImage } : {}), updatedAt: now };
  await deps.stores.courses.updateCourse(updated);
  await audit(
    deps,
    actor,
    badgeImage ? 'course.badge_image_set' : 'course.badge_image_removed',
    { type: 'course', id: courseId },
    badgeImage ? { sha256: badgeImage.sha256, mediaType: badgeImage.mediaType } : undefined,
  );
  return updated;
}

/**
 * A stored badge image by its public file name (`<sha256>.<ext>`); anything else, or an
 * extension that is not the image's, is not_found. Public: badge images are on certificates.
 */
export async function badgeImageFile(
  deps: Pick<ProgramDeps, 'stores'>,
  file: string,
): Promise<{ mediaType: BadgeImageType; bytes: Uint8Array }> {
  const match = /^([0-9a-f]{64})\.(png|svg|jpg)$/.exec(file);
  const image = match ? await deps.stores.badgeImages.getBadgeImage(match[1]!) : undefined;
  if (!image || IMAGE_EXTENSIONS[image.mediaType] !== match![2])
    throw new AppError('not_found', 'No such badge image');
  return { mediaType: image.mediaType, bytes: image.bytes };
}
