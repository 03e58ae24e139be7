/**
 * The skills a course certifies, edited by staff on the course's console page: a
 * framework (its name and, optionally, the OB 3.0 type of its entries) and one skill a
 * line, "name | URL | code". Each becomes an Open Badges `Alignment` on the achievement of
 * the course's certificates (badgeContent.ts), so a backpack can show and match them.
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { requireProgramStaff } from '../programs/courses.js';
import type { ProgramDeps } from '../programs/programDeps.js';
import type { CourseRecord, CourseSkills } from '../storage/ports.js';

/** OB 3.0 AlignmentTargetType values staff may pick, with the words the form shows. */
export const ALIGNMENT_TARGET_TYPES: readonly { value: string; label: string }[] = [
  { value: '', label: 'Not stated' },
  { value: 'ceasn:Competency', label: 'Competency (CTDL-ASN)' },
  { value: 'CFItem', label: 'CASE framework item (CFItem)' },
  { value: 'ceterms:Credential', label: 'Credential (CTDL)' },
  { value: 'CTDL', label: 'Other CTDL resource' },
];

const MAX_SKILLS = 30;
const MAX_NAME = 200;
const MAX_CODE = 64;
const MAX_URL = 500;

const bad = (detail: string) => new AppError('invalid_request', detail);

function skillUrl(value: string, line: number): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw bad(`Skill line ${line}: "${value.slice(0, 80)}" is not a URL (the second part, e.g. https://...)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw bad(`Skill line ${line}: the URL must start with https:// or http://`);
  if (url.href.length > MAX_URL)
    throw bad(`Skill line ${line}: the URL is longer than ${MAX_URL} characters`);
  return url.href;
}

/** The form's fields as a course's skills; no skill lines means the course certifies none. */
export function skillsFromForm(fields: Record<string, string | undefined>): CourseSkills | undefined {
  const lines = (fields.skills ?? '')
    .split(/\r?\n/)
    .map((line, i) => ({ text: line.trim(), number: i + 1 }))
    .filter((line) => line.text !== '');
  if (lines.length === 0) return undefined;
  if (lines.length > MAX_SKILLS) throw bad(`List at most ${MAX_SKILLS} skills`);
  const framework = (fields.framework ?? '').replace(/\s+/g, ' ').trim();
  if (!framework) throw bad('Name the framework the skills come from (e.g. ESCO, SFIA 9 or your own)');
  if (framework.length > MAX_NAME) throw bad(`The framework name is longer than ${MAX_NAME} characters`);
  const targetType = fields.targetType ?? '';
  if (!ALIGNMENT_TARGET_TYPES.some((t) => t.value === targetType))
    throw bad('Choose the kind of framework entries from the list');
  const skills = lines.map(({ text, number }) => {
    const parts = text.split('|').map((p) => p.trim());
    if (parts.length < 2 || parts.length > 3 || !parts[0])
      throw bad(`Skill line ${number}: write "name | URL" or "name | URL | code"`);
    const [name, url, code] = parts as [string, string, string | undefined];
    if (name.length > MAX_NAME)
      throw bad(`Skill line ${number}: the name is longer than ${MAX_NAME} characters`);
    if (code && code.length > MAX_CODE)
      throw bad(`Skill line ${number}: the code is longer than ${MAX_CODE} characters`);
    return { name, url: skillUrl(url, number), ...(code ? { code } : {}) };
  });
  return { framework, ...(targetType ? { targetType } : {}), skills };
}

/** The course's skills as the form's fields (one line per skill). */
export function skillsToForm(skills: CourseSkills | undefined): Record<string, string> {
  return {
    framework: skills?.framework ?? '',
    targetType: skills?.targetType ?? '',
    skills: (skills?.skills ?? [])
      .map((s) => [s.name, s.url, ...(s.code ? [s.code] : [])].join(' | '))
      .join('\n'),
  };
}

/** Replaces a course's skills (none: it certifies no listed skills from now on). Staff only; audited. */
export async function setCourseSkills(
  deps: ProgramDeps,
  actor: Actor,
  courseId: string,
  skills: CourseSkills | undefined,
): Promise<CourseRecord> {
  requireProgramStaff(actor);
  const course = await deps.stores.courses.getCourse(courseId);
  if (!course) throw new AppError('not_found', `No course ${courseId}`);
  const { skills: _old, ...rest } = course;
  const updated: CourseRecord = {
    ...rest,
    ...(skills ? { skills } : {}),
    updatedAt: deps.now().toISOString(),
  };
  await deps.stores.courses.updateCourse(updated);
  await audit(
    deps,
    actor,
    'course.skills_set',
    { type: 'course', id: courseId },
    { framework: skills?.framework ?? null, count: skills?.skills.length ?? 0 },
  );
  return updated;
}
