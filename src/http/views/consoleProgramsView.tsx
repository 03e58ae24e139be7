/**
 * The console's programme pages: courses with their batches and the new-course form
 * (/admin/programmes), and one course with the new-batch form (template, achievement,
 * criteria, hold). Forms keep what was typed when they come back with an error.
 */
import { CsrfField } from './layout.js';
import { ConsoleShell, When, type ConsoleProps } from './consoleViews.js';
import { ACHIEVEMENT_TYPES } from '../../programs/programSchemas.js';
import type { BatchRecord, CourseRecord, TemplateSummary, UserRecord } from '../../storage/ports.js';

/** The console path of the programme pages. */
export const PROGRAMMES = '/admin/programmes';
export const coursePath = (id: string) => `${PROGRAMMES}/courses/${encodeURIComponent(id)}`;
export const batchPath = (id: string) => `${PROGRAMMES}/batches/${encodeURIComponent(id)}`;

function TextField({ name, label, value, hint, required }: { name: string; label: string; value?: string | undefined; hint?: string; required?: boolean }) {
  return (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      {hint ? <p class="hint" id={`f-${name}-hint`}>{hint}</p> : null}
      <input id={`f-${name}`} name={name} type="text" value={value ?? ''} required={required ?? false} aria-describedby={hint ? `f-${name}-hint` : undefined} />
    </div>
  );
}

function TextArea({ name, label, value, hint, rows }: { name: string; label: string; value?: string | undefined; hint?: string; rows?: number }) {
  return (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      {hint ? <p class="hint" id={`f-${name}-hint`}>{hint}</p> : null}
      <textarea id={`f-${name}`} name={name} rows={rows ?? 3} aria-describedby={hint ? `f-${name}-hint` : undefined}>
        {value ?? ''}
      </textarea>
    </div>
  );
}

/** GET /admin/programmes. */
export function ProgrammesPage(props: ConsoleProps & { courses: { course: CourseRecord; batches: BatchRecord[] }[]; reviewers: UserRecord[]; values: Record<string, string> }) {
  const { courses, reviewers, values, csrfToken } = props;
  return (
    <ConsoleShell title="Courses and batches" current={PROGRAMMES} {...props}>
      <p>
        <a href={`${PROGRAMMES}/reports`}>Reports</a>
      </p>
      {courses.length === 0 ? <p class="empty">No courses yet.</p> : null}
      {courses.map(({ course, batches }) => (
        <section>
          <h2>
            <a href={coursePath(course.id)}>{course.title}</a>
          </h2>
          {batches.length === 0 ? (
            <p class="empty">No batches yet.</p>
          ) : (
            <ul>
              {batches.map((b) => (
                <li>
                  <a href={batchPath(b.id)}>{b.name}</a>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
      <h2>New course</h2>
      <form method="post" action={`${PROGRAMMES}/courses`} class="stack">
        <CsrfField token={csrfToken} />
        <TextField name="title" label="Title" value={values.title} required />
        <TextField name="id" label="Id (optional)" value={values.id} hint="Letters, digits, dot, dash, underscore; used by the LMS. Generated when empty." />
        <TextArea name="description" label="Description" value={values.description} />
        <TextArea name="modules" label="Modules" value={values.modules} rows={4} hint='One per line: "id: title", e.g. "m1: HTML basics".' />
        <TextArea name="assessments" label="Assessments" value={values.assessments} rows={3} hint='One per line: "id: title: maximum score", e.g. "final: Final assessment: 100".' />
        <fieldset>
          <legend>Reviewers of submitted work</legend>
          {reviewers.length === 0 ? <p class="hint">No reviewers yet; invite people with the reviewer role.</p> : null}
          {reviewers.map((r) => (
            <label class="checkbox">
              <input type="checkbox" name="reviewerIds" value={r.id} />
              {` ${r.name} (${r.role})`}
            </label>
          ))}
        </fieldset>
        <button type="submit">Create course</button>
      </form>
    </ConsoleShell>
  );
}

/** GET /admin/programmes/courses/:id. */
export function CoursePage(props: ConsoleProps & { course: CourseRecord; batches: BatchRecord[]; templates: TemplateSummary[]; values: Record<string, string> }) {
  const { course, batches, templates, values, csrfToken } = props;
  return (
    <ConsoleShell title={course.title} current={PROGRAMMES} {...props}>
      <p>{course.description}</p>
      <h2>Modules and assessments</h2>
      <ul>
        {course.modules.map((m) => (
          <li>{`${m.title} (${m.id})`}</li>
        ))}
        {course.assessments.map((a) => (
          <li>{`${a.title} (${a.id}), out of ${a.maxScore}`}</li>
        ))}
      </ul>
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
      <p>The template, achievement and criteria are fixed once the batch issues its first certificate; attaching a template locks that version.</p>
      <form method="post" action={`${coursePath(course.id)}/batches`} class="stack">
        <CsrfField token={csrfToken} />
        <TextField name="name" label="Batch name" value={values.name} required hint='e.g. "November 2026".' />
        <TextField name="id" label="Id (optional)" value={values.id} hint="Used by the LMS; generated when empty." />
        <div class="field">
          <label for="f-template">Certificate template</label>
          <select id="f-template" name="template">
            <option value="">Built-in design</option>
            {templates.map((t) => (
              <option value={`${t.id}@${t.latestVersion}`} selected={values.template === `${t.id}@${t.latestVersion}`}>{`${t.name}, version ${t.latestVersion}${t.latestLocked ? '' : ' (will be locked)'}`}</option>
            ))}
          </select>
        </div>
        <TextField name="achievementName" label="Certificate for" value={values.achievementName ?? course.title} required />
        <TextArea name="achievementDescription" label="Achievement description" value={values.achievementDescription ?? course.description} />
        <TextArea name="criteriaNarrative" label="Criteria in words (shown on the badge)" value={values.criteriaNarrative} />
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
          <label class="checkbox">
            <input type="radio" name="modulesRequired" value="all" checked={values.modulesRequired !== 'some'} /> All modules
          </label>
          <label class="checkbox">
            <input type="radio" name="modulesRequired" value="some" checked={values.modulesRequired === 'some'} /> Only these:
          </label>
          {course.modules.map((m) => (
            <label class="checkbox">
              <input type="checkbox" name="requiredModules" value={m.id} />
              {` ${m.title}`}
            </label>
          ))}
        </fieldset>
        {course.assessments.map((a) => (
          <TextField name={`minScore:${a.id}`} label={`Minimum score in ${a.title} (out of ${a.maxScore}; empty: not required)`} value={values[`minScore:${a.id}`]} />
        ))}
        <TextField name="minParticipation" label="Peer reviews or discussion posts required" value={values.minParticipation ?? '0'} />
        <label class="checkbox">
          <input type="checkbox" name="contentApproval" checked={values.contentApproval === 'on'} /> A reviewer must approve the participant's work
        </label>
        <TextField name="deadline" label="Deadline (optional, UTC)" value={values.deadline} hint="e.g. 2026-12-31T23:59" />
        <TextField name="validForDays" label="Valid for days (optional)" value={values.validForDays} />
        <TextField name="holdHours" label="Hold before issuing (hours)" value={values.holdHours ?? '0'} hint="0 issues the moment the criteria are met." />
        <button type="submit">Create batch</button>
      </form>
    </ConsoleShell>
  );
}
