/**
 * Check-ins and coaching calls. Staff (/admin/accreditation/check-ins, under the console's
 * middleware): partners due by cadence, upcoming meetings and the scheduling form; one
 * meeting (change, cancel, notes afterwards); one partner (its meetings, cadence and the
 * quarter's overall assessment). Partners (/partner/check-ins, under the partner portal's
 * middleware): their organisation's meetings, upcoming and past with the agreed actions.
 * A form that fails shows again with what was typed and each problem beside its field
 * (the pages: checkInScreens.tsx; the forms' checks: checkInForms.ts).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { formFields, render } from './pageKit.js';
import { pageContext } from './consoleKit.js';
import { attemptForm } from './formProblems.js';
import { Layout, Notice } from '../views/layout.js';
import {
  cancelCheckIn,
  changeCheckIn,
  recordMeetingNotes,
  scheduleCheckIn,
} from '../../accreditation/meetingScheduling.js';
import { partnerCheckIns } from '../../accreditation/checkInLists.js';
import { saveQuarterlyAssessment, setCheckInCadence } from '../../accreditation/partnerFollowUp.js';
import { PartnerMeetings, STAFF_CHECK_INS } from '../views/checkInViews.js';
import { assessmentForm, cadenceForm, checked, checkMeetingForm } from './checkInForms.js';
import { showMeeting, showOrganisation, showOverview } from './checkInScreens.js';

const MEETING_ID = ':meetingId{[0-9a-f-]{36}}';

/** Routes mounted at /admin/accreditation/check-ins (the console's middleware applies). */
export function staffCheckInRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', (c) => showOverview(c))
    .post('/', async (c) => {
      const fields = await formFields(c);
      const result = await attemptForm(() => {
        const input = checkMeetingForm(fields, true);
        return scheduleCheckIn(c.var.deps.accreditation, pageContext(c).actor, input.organisationId, input);
      });
      if (result.problems)
        return showOverview(c, { values: fields, problems: result.problems, status: result.status });
      return c.redirect(`${STAFF_CHECK_INS}/${result.value.id}?done=scheduled`, 303);
    })
    .get(`/${MEETING_ID}`, (c) => showMeeting(c))
    .post(`/${MEETING_ID}`, async (c) => {
      const fields = await formFields(c);
      const result = await attemptForm(() =>
        changeCheckIn(
          c.var.deps.accreditation,
          pageContext(c).actor,
          c.req.param('meetingId'),
          checkMeetingForm(fields, false),
        ),
      );
      if (result.problems)
        return showMeeting(c, {
          form: 'change',
          values: fields,
          problems: result.problems,
          status: result.status,
        });
      return c.redirect(`${STAFF_CHECK_INS}/${result.value.id}?done=changed`, 303);
    })
    .post(`/${MEETING_ID}/cancel`, async (c) => {
      const fields = await formFields(c);
      const cancelled = await cancelCheckIn(
        c.var.deps.accreditation,
        pageContext(c).actor,
        c.req.param('meetingId'),
        fields.reason ?? '',
      );
      return c.redirect(`${STAFF_CHECK_INS}/${cancelled.id}?done=cancelled`, 303);
    })
    .post(`/${MEETING_ID}/notes`, async (c) => {
      const fields = await formFields(c);
      const result = await attemptForm(() =>
        recordMeetingNotes(c.var.deps.accreditation, pageContext(c).actor, c.req.param('meetingId'), {
          notes: fields.notes ?? '',
          agreedActions: fields.agreedActions ?? '',
        }),
      );
      if (result.problems)
        return showMeeting(c, {
          form: 'notes',
          values: {},
          problems: result.problems,
          status: result.status,
        });
      return c.redirect(`${STAFF_CHECK_INS}/${result.value.id}?done=notes`, 303);
    })
    .get('/organisations/:organisationId', (c) => showOrganisation(c))
    .post('/organisations/:organisationId/cadence', async (c) => {
      const fields = await formFields(c);
      const { cadence } = checked(cadenceForm, fields);
      const saved = await setCheckInCadence(
        c.var.deps.accreditation,
        pageContext(c).actor,
        c.req.param('organisationId'),
        cadence,
      );
      return c.redirect(`${STAFF_CHECK_INS}/organisations/${saved.organisationId}?done=cadence`, 303);
    })
    .post('/organisations/:organisationId/assessments', async (c) => {
      const fields = await formFields(c);
      const result = await attemptForm(() =>
        saveQuarterlyAssessment(
          c.var.deps.accreditation,
          pageContext(c).actor,
          c.req.param('organisationId'),
          checked(assessmentForm, fields),
        ),
      );
      if (result.problems)
        return showOrganisation(c, { values: fields, problems: result.problems, status: result.status });
      return c.redirect(
        `${STAFF_CHECK_INS}/organisations/${result.value.organisationId}?quarter=${result.value.quarter}&done=assessment`,
        303,
      );
    });
}

/** Routes mounted at /partner/check-ins (the partner portal's middleware applies). */
export function partnerCheckInRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/', async (c) => {
    const { user, actor, csrfToken } = pageContext(c);
    if (!user.organisationId)
      throw new AppError('not_found', 'Your account is not linked to an organisation');
    const meetings = await partnerCheckIns(c.var.deps.accreditation, actor, user.organisationId);
    return render(
      c,
      <Layout title="Check-ins and coaching calls" user={user} csrfToken={csrfToken}>
        <p>
          <a href="/partner">My organisation</a>
        </p>
        <Notice kind="info">
          Our accreditation team meets your organisation regularly. You are emailed when a meeting is
          scheduled or changed, and reminded the day before.
        </Notice>
        <PartnerMeetings upcoming={meetings.upcoming} past={meetings.past} />
      </Layout>,
    );
  });
}
