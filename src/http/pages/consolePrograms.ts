/**
 * /admin/programmes: courses (create, edit), batches, the issuance tracker with staff actions, CSV
 * import, and the reports dashboard (behind the console's session, CSRF and staff role;
 * the domain checks the role again). Post-redirect-get after every change.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { formFields, render } from './pageKit.js';
import { attempt, formValues, pageContext, type NoticeData, type PageStatus } from './consoleKit.js';
import { createBatch, createCourse, updateCourse } from '../../programs/courses.js';
import { batchFromForm, courseFromForm } from '../../programs/programForms.js';
import { batchWithCourse } from '../../programs/automaticIssuance.js';
import {
  CoursePage,
  ProgrammesPage,
  batchPath,
  coursePath,
  type CourseEdit,
  type FormLists,
} from '../views/consoleProgramsView.js';
import { courseFor, coursePage, programmesPage } from '../../programs/programReads.js';
import { consoleBatchRoutes } from './consoleBatches.js';
import { acceptsUploads } from '../middleware/uploads.js';
import { setCourseBadgeImage } from '../../badges/badgeImages.js';
import { setCourseSkills, skillsFromForm } from '../../badges/courseSkills.js';

type ShowOptions = {
  values?: Record<string, string>;
  lists?: FormLists;
  notice?: NoticeData;
  status?: PageStatus;
};

async function showProgrammes(c: Context<AppEnv>, options: ShowOptions = {}): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const { courses, reviewers } = await programmesPage(c.var.deps.programs, actor);
  const page = ProgrammesPage({
    user,
    csrfToken,
    notice: options.notice,
    courses,
    reviewers,
    values: options.values ?? {},
    ...(options.lists ? { lists: options.lists } : {}),
  });
  return render(c, page, options.status ?? 200);
}

const COURSE_DONE: Record<string, string> = {
  created: 'The course was created.',
  saved: 'The course was saved.',
  badge: 'The badge image was saved; certificates issued from now on show it.',
  skills: 'The skills were saved; certificates issued from now on list them.',
};

/** The uploaded badge image of the course page's badge form (src/badges/), if a file was chosen. */
async function badgeUpload(c: Context<AppEnv>): Promise<Uint8Array | undefined> {
  const file = (await c.req.parseBody()).image;
  return file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : undefined;
}

async function showCourse(
  c: Context<AppEnv>,
  courseId: string,
  options: ShowOptions & { edit?: CourseEdit; badgeValues?: Record<string, string> } = {},
): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const { course, batches, templates, reviewers } = await coursePage(c.var.deps.programs, actor, courseId);
  const done = COURSE_DONE[c.req.query('done') ?? ''];
  const notice = options.notice ?? (done ? { kind: 'success' as const, text: done } : undefined);
  const page = CoursePage({
    user,
    csrfToken,
    notice,
    course,
    batches,
    templates,
    reviewers,
    values: options.values ?? {},
    ...(options.lists ? { lists: options.lists } : {}),
    ...(options.edit ? { edit: options.edit } : {}),
    ...(options.badgeValues ? { badgeValues: options.badgeValues } : {}),
  });
  return render(c, page, options.status ?? 200);
}

/** Routes mounted at /admin/programmes. */
export function consoleProgramRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', (c) => showProgrammes(c))
    .post('/courses', async (c) => {
      const fields = await formFields(c);
      const reviewerIds = await formValues(c, 'reviewerIds');
      const result = await attempt(() =>
        createCourse(c.var.deps.programs, pageContext(c).actor, courseFromForm(fields, reviewerIds)),
      );
      if (!result.ok)
        return showProgrammes(c, {
          values: fields,
          lists: { reviewerIds },
          notice: result.notice,
          status: result.status,
        });
      return c.redirect(`${coursePath(result.value.id)}?done=created`, 303);
    })
    .get('/courses/:id', (c) => showCourse(c, c.req.param('id')))
    .post('/courses/:id', async (c) => {
      const courseId = c.req.param('id');
      const fields = await formFields(c);
      const reviewerIds = await formValues(c, 'reviewerIds');
      // An unknown course is the 404 page, not the form's notice (updateCourse would say so too).
      await courseFor(c.var.deps.programs, pageContext(c).actor, courseId);
      const result = await attempt(() =>
        updateCourse(
          c.var.deps.programs,
          pageContext(c).actor,
          courseId,
          courseFromForm(fields, reviewerIds),
        ),
      );
      if (!result.ok)
        return showCourse(c, courseId, {
          edit: { values: fields, reviewerIds },
          notice: result.notice,
          status: result.status,
        });
      return c.redirect(`${coursePath(courseId)}?done=saved`, 303);
    })
    .post('/courses/:id/badge-image', acceptsUploads, async (c) => {
      const courseId = c.req.param('id');
      const fields = await formFields(c);
      const bytes = await badgeUpload(c);
      const result = await attempt(() =>
        setCourseBadgeImage(c.var.deps.programs, pageContext(c).actor, courseId, {
          ...(bytes ? { bytes } : {}),
          caption: fields.caption ?? '',
          remove: fields.remove === 'on',
        }),
      );
      if (!result.ok)
        return showCourse(c, courseId, { badgeValues: fields, notice: result.notice, status: result.status });
      return c.redirect(`${coursePath(courseId)}?done=badge#badge`, 303);
    })
    .post('/courses/:id/skills', async (c) => {
      const courseId = c.req.param('id');
      const fields = await formFields(c);
      await courseFor(c.var.deps.programs, pageContext(c).actor, courseId);
      const result = await attempt(() =>
        setCourseSkills(c.var.deps.programs, pageContext(c).actor, courseId, skillsFromForm(fields)),
      );
      if (!result.ok)
        return showCourse(c, courseId, { badgeValues: fields, notice: result.notice, status: result.status });
      return c.redirect(`${coursePath(courseId)}?done=skills#skills`, 303);
    })
    .post('/courses/:id/batches', async (c) => {
      const courseId = c.req.param('id');
      const course = await courseFor(c.var.deps.programs, pageContext(c).actor, courseId);
      const fields = await formFields(c);
      const modules = await formValues(c, 'requiredModules');
      const result = await attempt(() =>
        createBatch(
          c.var.deps.programs,
          pageContext(c).actor,
          batchFromForm(
            courseId,
            fields,
            modules,
            course.assessments.map((a) => a.id),
          ),
        ),
      );
      if (!result.ok)
        return showCourse(c, courseId, {
          values: fields,
          lists: { requiredModules: modules },
          notice: result.notice,
          status: result.status,
        });
      // The batch page exists once created; make sure it reads back before pointing at it.
      await batchWithCourse(c.var.deps.programs, result.value.id);
      return c.redirect(`${batchPath(result.value.id)}?done=created`, 303);
    })
    .route('/', consoleBatchRoutes());
}
