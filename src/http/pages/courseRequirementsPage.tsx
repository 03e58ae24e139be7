/**
 * The /courses sub-app: GET /courses/:id/certificate, how a course's certificate is earned
 * (what to do, who reviews and how long it takes, what happens after, how to ask for a
 * correction). Public, not behind sign-in: a participant opens it from the enrolment
 * email before they have a password, an employer reading a certificate wants to know what
 * it took, and someone weighing the course wants to know before enrolling. It shows only
 * what the course's certificates already certify (their criteria), never who the
 * reviewers are. It runs the page middleware, so the header knows who is signed in.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { pageMiddleware, render } from './pageKit.js';
import { shell } from './publicKit.js';
import { courseRequirements } from '../../programs/courseRequirements.js';
import { CourseRequirementsView } from '../views/courseRequirementsView.js';

/** The course pages, mounted at /courses. */
export function courseRequirementRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>().use('/:id/certificate', ...pageMiddleware).get('/:id/certificate', async (c) => {
    const page = await courseRequirements(c.var.deps.programs, c.req.param('id'));
    return render(c, <CourseRequirementsView {...shell(c)} page={page} />);
  });
}
