/**
 * /admin/programmes: courses, batches, the issuance tracker with staff actions, CSV
 * import, and the reports dashboard (behind the console's session, CSRF and staff role;
 * the domain checks the role again). Post-redirect-get after every change.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { formFields, render } from './pageKit.js';
import { attempt, formValues, pageContext, type NoticeData, type PageStatus } from './consoleKit.js';
import { createBatch, createCourse } from '../../programs/courses.js';
import { batchFromForm, courseFromForm } from '../../programs/programForms.js';
import { batchWithCourse } from '../../programs/automaticIssuance.js';
import { CoursePage, ProgrammesPage, batchPath, coursePath } from '../views/consoleProgramsView.js';
import { consoleBatchRoutes } from './consoleBatches.js';

async function showProgrammes(c: Context<AppEnv>, options: { values?: Record<string, string>; notice?: NoticeData; status?: PageStatus } = {}): Promise<Response> {
  const { user, csrfToken } = pageContext(c);
  const programs = c.var.deps.stores.programs;
  const courses = await Promise.all((await programs.listCourses()).map(async (course) => ({ course, batches: await programs.listBatches(course.id) })));
  const people = await c.var.deps.stores.users.list({ limit: 500, offset: 0 });
  const reviewers = people.filter((p) => p.status === 'active' && ['reviewer', 'staff', 'admin'].includes(p.role));
  return render(c, ProgrammesPage({ user, csrfToken, notice: options.notice, courses, reviewers, values: options.values ?? {} }), options.status ?? 200);
}

async function showCourse(c: Context<AppEnv>, courseId: string, options: { values?: Record<string, string>; notice?: NoticeData; status?: PageStatus } = {}): Promise<Response> {
  const { user, csrfToken } = pageContext(c);
  const course = await c.var.deps.stores.programs.getCourse(courseId);
  if (!course) throw new AppError('not_found', `No course ${courseId}`);
  const [batches, templates] = await Promise.all([c.var.deps.stores.programs.listBatches(courseId), c.var.deps.stores.templates.listTemplates()]);
  const notice = options.notice ?? (c.req.query('done') === 'created' ? { kind: 'success' as const, text: 'The course was created.' } : undefined);
  return render(c, CoursePage({ user, csrfToken, notice, course, batches, templates, values: options.values ?? {} }), options.status ?? 200);
}

/** Routes mounted at /admin/programmes. */
export function consoleProgramRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', (c) => showProgrammes(c))
    .post('/courses', async (c) => {
      const fields = await formFields(c);
      const reviewerIds = await formValues(c, 'reviewerIds');
      const result = await attempt(() => createCourse(c.var.deps.programs, pageContext(c).actor, courseFromForm(fields, reviewerIds)));
      if (!result.ok) return showProgrammes(c, { values: fields, notice: result.notice, status: result.status });
      return c.redirect(`${coursePath(result.value.id)}?done=created`, 303);
    })
    .get('/courses/:id', (c) => showCourse(c, c.req.param('id')))
    .post('/courses/:id/batches', async (c) => {
      const courseId = c.req.param('id');
      const course = await c.var.deps.stores.programs.getCourse(courseId);
      if (!course) throw new AppError('not_found', `No course ${courseId}`);
      const fields = await formFields(c);
      const modules = await formValues(c, 'requiredModules');
      const result = await attempt(() =>
        createBatch(c.var.deps.programs, pageContext(c).actor, batchFromForm(courseId, fields, modules, course.assessments.map((a) => a.id))),
      );
      if (!result.ok) return showCourse(c, courseId, { values: fields, notice: result.notice, status: result.status });
      // The batch page exists once created; make sure it reads back before pointing at it.
      await batchWithCourse(c.var.deps.programs, result.value.id);
      return c.redirect(`${batchPath(result.value.id)}?done=created`, 303);
    })
    .route('/', consoleBatchRoutes());
}
