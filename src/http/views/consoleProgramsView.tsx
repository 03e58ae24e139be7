/**
 * The console's programme pages: courses with their batches and the new-course form
 * (/admin/programmes), and one course with the new-batch form (template, achievement,
 * criteria, hold). Forms keep what was typed when they come back with an error.
 */
import { CsrfField } from './layout.js';
import { ConsoleShell, When, type ConsoleProps } from './consoleViews.js';
import { CourseFields, Check, TextArea, TextField, courseFormValues } from './consoleCourseFormView.js';
import { ACHIEVEMENT_TYPES } from '../../programs/programSchemas.js';
import { plural } from '../../plural.js';
import { BadgeSection } from './consoleBadgeView.js';
import type { BatchRecord, CourseRecord, TemplateSummary, UserRecord } from '../../storage/ports.js';

/** Repeated form fields (checkbox groups) to show checked again after an error. */
export type FormLists = Partial<Record<'reviewerIds' | 'requiredModules', string[]>>;

/** The edit form as it was submitted, when it comes back with an error. */
export interface CourseEdit {
  values: Record<string, string>;
  reviewerIds: string[];
}

/** The console path of the programme pages. */
export const PROGRAMMES = '/admin/programmes';
export const coursePath = (id: string) => `${PROGRAMMES}/courses/${encodeURIComponent(id)}`;
export const batchPath = (id: string) => `${PROGRAMMES}/batches/${encodeURIComponent(id)}`;

/** GET /admin/programmes. */
export function ProgrammesPage(
  props: ConsoleProps & {
    courses: { course: CourseRecord; batches: BatchRecord[] }[];
    reviewers: UserRecord[];
    values: Record<string, string>;
    lists?: FormLists;
  },
) {
  const { courses, reviewers, values, csrfToken } = props;
  const lists = props.lists ?? {};
  return (
    <ConsoleShell title="Courses and batches" current={PROGRAMMES} {...props}>
      <p>
        <a href={`${PROGRAMMES}/reports`}>Programme reports</a> ·{' '}
        <a href="/admin/surveys">Surveys and feedback</a>
      </p>
      {courses.length === 0 ? (
        <p class="empty">
          No courses yet. Create the first one below; its batches and certificates follow from it.
        </p>
      ) : null}
      <ul class="cards grid">
        {courses.map(({ course, batches }) => (
          <li class="card">
            <h2>
              <a href={coursePath(course.id)}>{course.title}</a>
            </h2>
            <p class="hint">{`${plural(course.modules.length, 'module')}, ${plural(course.assessments.length, 'assessment')}`}</p>
            {batches.length === 0 ? (
              <p class="empty">No batches yet.</p>
            ) : (
              <ul class="link-list">
                {batches.map((b) => (
                  <li>
                    <a href={batchPath(b.id)}>{b.name}</a>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      <section class="panel form-panel" aria-labelledby="new-course">
        <h2 id="new-course">New course</h2>
        <form method="post" action={`${PROGRAMMES}/courses`} class="stack">
          <CsrfField token={csrfToken} />
          <CourseFields
            values={values}
            reviewers={reviewers}
            checkedReviewers={lists.reviewerIds ?? []}
            withId
          />
          <button type="submit">Create course</button>
        </form>
      </section>
    </ConsoleShell>
  );
}

/** GET /admin/programmes/courses/:id. */
export function CoursePage(
  props: ConsoleProps & {
    course: CourseRecord;
    batches: BatchRecord[];
    templates: TemplateSummary[];
    reviewers: UserRecord[];
    values: Record<string, string>;
    lists?: FormLists;
    edit?: CourseEdit;
    /** The badge or skills form as submitted, when it comes back with an error. */
    badgeValues?: Record<string, string>;
  },
) {
  const { course, batches, templates, reviewers, values, csrfToken, edit } = props;
  const lists = props.lists ?? {};
  return (
    <ConsoleShell title={course.title} current={PROGRAMMES} {...props}>
      <p>{course.description}</p>
      <p>
        <a href={`/courses/${encodeURIComponent(course.id)}/certificate`}>
          Certificate requirements and approval process (public page)
        </a>
      </p>
      <h2>Modules and assessments</h2>
      <ul>
        {course.modules.map((m) => (
          <li>{`${m.title} (${m.id})`}</li>
        ))}
        {course.assessments.map((a) => (
          <li>{`${a.title} (${a.id}), out of ${a.maxScore}`}</li>
        ))}
      </ul>
      <details open={edit !== undefined}>
        <summary>Edit the course</summary>
        <p class="hint">
          Modules and assessments a batch's criteria name cannot be removed; adding is always possible.
        </p>
        <form method="post" action={coursePath(course.id)} class="stack">
          <CsrfField token={csrfToken} />
          <CourseFields
            values={edit?.values ?? courseFormValues(course)}
            reviewers={reviewers}
            checkedReviewers={edit?.reviewerIds ?? course.reviewerIds}
            withId={false}
          />
          <button type="submit">Save the course</button>
        </form>
      </details>
      <BadgeSection course={course} csrfToken={csrfToken} values={props.badgeValues} />
      <h2>Batches</h2>
      {batches.length === 0 ? <p class="empty">No batches yet.</p> : null}
      <ul>
        {batches.map((b) => (
          <li>
            <a href={batchPath(b.id)}>{b.name}</a> <When at={b.createdAt} />
          </li>
        ))}
      </ul>
      <h2>New batch</h2>
      <p>
        The template, achievement and criteria are fixed once the batch issues its first certificate;
        attaching a template locks that version.
      </p>
      <form method="post" action={`${coursePath(course.id)}/batches`} class="stack">
        <CsrfField token={csrfToken} />
        <TextField name="name" label="Batch name" value={values.name} required hint='e.g. "November 2026".' />
        <TextField
          name="id"
          label="Id (optional)"
          value={values.id}
          hint="Used by the LMS; generated when empty."
        />
        <div class="field">
          <label for="f-template">Certificate template</label>
          <select id="f-template" name="template">
            <option value="">Built-in design</option>
            {templates.map((t) => (
              <option
                value={`${t.id}@${t.latestVersion}`}
                selected={values.template === `${t.id}@${t.latestVersion}`}
              >{`${t.name}, version ${t.latestVersion}${t.latestLocked ? '' : ' (will be locked)'}`}</option>
            ))}
          </select>
        </div>
        <TextField
          name="achievementName"
          label="Certificate for"
          value={values.achievementName ?? course.title}
          required
        />
        <TextArea
          name="achievementDescription"
          label="Achievement description"
          value={values.achievementDescription ?? course.description}
        />
        <TextArea
          name="criteriaNarrative"
          label="Criteria in words (shown on the badge)"
          value={values.criteriaNarrative}
        />
        <div class="field">
          <label for="f-achievementType">Achievement type</label>
          <select id="f-achievementType" name="achievementType">
            {ACHIEVEMENT_TYPES.map((type) => (
              <option value={type} selected={(values.achievementType ?? 'Certificate') === type}>
                {type}
              </option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend>Modules to complete</legend>
          <Check
            type="radio"
            name="modulesRequired"
            value="all"
            label="All modules"
            checked={values.modulesRequired !== 'some'}
          />
          <Check
            type="radio"
            name="modulesRequired"
            value="some"
            label="Only these:"
            checked={values.modulesRequired === 'some'}
          />
          {course.modules.map((m) => (
            <Check
              name="requiredModules"
              value={m.id}
              label={m.title}
              checked={(lists.requiredModules ?? []).includes(m.id)}
            />
          ))}
        </fieldset>
        {course.assessments.map((a) => (
          <TextField
            name={`minScore:${a.id}`}
            label={`Minimum score in ${a.title} (out of ${a.maxScore}; empty: not required)`}
            value={values[`minScore:${a.id}`]}
          />
        ))}
        <TextField
          name="minParticipation"
          label="Peer reviews or discussion posts required"
          value={values.minParticipation ?? '0'}
        />
        <Check
          name="contentApproval"
          value="on"
          label="A reviewer must approve the participant's work"
          checked={values.contentApproval === 'on'}
        />
        <TextField
          name="deadline"
          type="datetime-local"
          label="Deadline (optional, UTC)"
          value={values.deadline}
          hint="Read as UTC, e.g. 2026-12-31T23:59."
        />
        <TextField name="validForDays" label="Valid for days (optional)" value={values.validForDays} />
        <TextField
          name="holdHours"
          label="Hold before issuing (hours)"
          value={values.holdHours ?? '0'}
          hint="0 issues the moment the criteria are met."
        />
        <button type="submit">Create batch</button>
      </form>
    </ConsoleShell>
  );
}
