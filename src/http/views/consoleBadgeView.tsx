/**
 * The course page's "Badge and skills" section: the badge image its certificates show
 * (upload, caption, remove) and the skills they certify, as a framework and one skill a
 * line. What staff typed comes back after an error (`values`).
 */
import { CsrfField } from './layout.js';
import { badgeImagePath } from '../../badges/badgePaths.js';
import { ALIGNMENT_TARGET_TYPES, skillsToForm } from '../../badges/courseSkills.js';
import { MAX_BADGE_IMAGE_BYTES } from '../../badges/badgeImages.js';
import type { CourseRecord } from '../../storage/ports.js';

const base = (id: string) => `/admin/programmes/courses/${encodeURIComponent(id)}`;

/** The badge image form. */
function BadgeImageForm(props: { course: CourseRecord; csrfToken: string; values: Record<string, string> }) {
  const { course, csrfToken } = props;
  const image = course.badgeImage;
  return (
    <form method="post" action={`${base(course.id)}/badge-image`} enctype="multipart/form-data" class="stack">
      <CsrfField token={csrfToken} />
      {image ? (
        <p class="badge-preview">
          <img src={badgeImagePath(image)} alt={image.caption} width="120" height="120" />
        </p>
      ) : (
        <p class="empty">No badge image yet: certificates of this course carry none.</p>
      )}
      <div class="field">
        <label for="badge-image">{image ? 'Replace the image' : 'Badge image'}</label>
        <p class="hint" id="badge-image-hint">
          {`PNG, SVG or JPEG, up to ${MAX_BADGE_IMAGE_BYTES / 1024} KB; square works best. An SVG with scripts, links to other files or embedded HTML is refused.`}
        </p>
        <input
          id="badge-image"
          name="image"
          type="file"
          accept="image/png,image/svg+xml,image/jpeg,.png,.svg,.jpg,.jpeg"
          aria-describedby="badge-image-hint"
        />
      </div>
      <div class="field">
        <label for="badge-caption">Caption (read out in place of the picture)</label>
        <input
          id="badge-caption"
          name="caption"
          type="text"
          maxlength={200}
          value={props.values.caption ?? image?.caption ?? ''}
        />
      </div>
      {image ? (
        <div class="check">
          <input id="badge-remove" type="checkbox" name="remove" value="on" />
          <label for="badge-remove">Remove the image (certificates already issued keep theirs)</label>
        </div>
      ) : null}
      <button type="submit">Save the badge image</button>
    </form>
  );
}

/** The skills form. */
function SkillsForm(props: { course: CourseRecord; csrfToken: string; values: Record<string, string> }) {
  const { course, csrfToken } = props;
  const values = { ...skillsToForm(course.skills), ...props.values };
  return (
    <form method="post" action={`${base(course.id)}/skills`} class="stack">
      <CsrfField token={csrfToken} />
      <div class="field">
        <label for="skills-framework">Framework</label>
        <p class="hint" id="skills-framework-hint">
          Where the skills come from, e.g. ESCO, SFIA 9 or your own competency list.
        </p>
        <input
          id="skills-framework"
          name="framework"
          type="text"
          maxlength={200}
          value={values.framework}
          aria-describedby="skills-framework-hint"
        />
      </div>
      <div class="field">
        <label for="skills-type">Kind of framework entries</label>
        <select id="skills-type" name="targetType">
          {ALIGNMENT_TARGET_TYPES.map((t) => (
            <option value={t.value} selected={values.targetType === t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="skills-list">Skills, one a line: name | URL | code (the code is optional)</label>
        <p class="hint" id="skills-list-hint">
          e.g. "Data analysis | https://example.org/skills/data-analysis | DA-1". Leave empty to list none.
        </p>
        <textarea id="skills-list" name="skills" rows={5} aria-describedby="skills-list-hint">
          {values.skills}
        </textarea>
      </div>
      <button type="submit">Save the skills</button>
    </form>
  );
}

/** The section on the course page. */
export function BadgeSection(props: {
  course: CourseRecord;
  csrfToken: string;
  values?: Record<string, string> | undefined;
}) {
  const values = props.values ?? {};
  return (
    <>
      <h2 id="badge">Badge image</h2>
      <p>
        Shown on every certificate of this course, in backpacks and on the certificate page. Certificates keep
        the picture they were issued with.
      </p>
      <BadgeImageForm course={props.course} csrfToken={props.csrfToken} values={values} />
      <h2 id="skills">Skills certified</h2>
      {props.course.skills ? (
        <ul>
          {props.course.skills.skills.map((s) => (
            <li>
              <a href={s.url}>{s.name}</a>
              {s.code ? ` (${s.code})` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty">No skills listed yet.</p>
      )}
      <SkillsForm course={props.course} csrfToken={props.csrfToken} values={values} />
    </>
  );
}
