/**
 * Check-ins and coaching calls. Staff (/admin/accreditation/check-ins, under the console's
 * middleware): partners due by cadence, upcoming meetings and the scheduling form; one
 * meeting (change, cancel, notes afterwards); one partner (its meetings, cadence and the
 * quarter's overall assessment). Partners (/partner/check-ins, under the partner portal's
 * middleware): their organisation's meetings, upcoming and past with the agreed actions.
 * A form that fails shows again with what was typed and each problem beside its field.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { formFields, render } from './pageKit.js';
import { pageContext } from './consoleKit.js';
import { addProblem, attemptForm, formProblems, type FieldProblem } from './formProblems.js';
import type { FormStatus } from './publicKit.js';
import { Layout, Notice } from '../views/layout.js';
import { ConsoleShell } from '../views/consoleViews.js';
import { ASSESSMENT_RATINGS, CHECK_IN_CADENCES, MEETING_KINDS } from '../../storage/ports.js';
import {
  cancelCheckIn,
  changeCheckIn,
  checkInOverview,
  meetingPage,
  organisationCheckIns,
  partnerCheckIns,
  recordMeetingNotes,
  saveQuarterlyAssessment,
  scheduleCheckIn,
  setCheckInCadence,
  type MeetingInput,
} from '../../accreditation/checkIns.js';
import { quarterOf } from '../../accreditation/quarterlyReport.js';
import {
  AssessmentForm,
  CadenceForm,
  CancelForm,
  DueTable,
  MeetingForm,
  MeetingSummary,
  MeetingTable,
  NotesForm,
  PartnerMeetings,
  STAFF_CHECK_INS,
  kindLabel,
  meetingValues,
  type MeetingFormValues,
} from '../views/checkInViews.js';

const MEETING_ID = ':meetingId{[0-9a-f-]{36}}';
const ACCREDITATION = '/admin/accreditation';

/** What a redirect after a change says (?done=<code>). */
const DONE: Record<string, string> = {
  scheduled: 'The meeting was scheduled; the partner and the staff member running it were emailed.',
  changed: 'The meeting was changed; both sides were emailed the new details.',
  cancelled: 'The meeting was cancelled; both sides were emailed.',
  notes: 'The notes were saved. The partner sees the agreed actions, never the notes.',
  cadence: 'The cadence was saved.',
  assessment: 'The assessment was saved; the quarterly report shows it.',
};

const doneText = (c: Context<AppEnv>) => {
  const done = c.req.query('done') ?? '';
  return Object.hasOwn(DONE, done) ? DONE[done] : undefined;
};

/** A failed form: what was typed, every problem, the status to answer with. */
interface Failed<T> {
  values: T;
  problems: FieldProblem[];
  status: FormStatus;
}

const meetingForm = z.object({
  kind: z.enum(MEETING_KINDS, { error: 'Kind: choose a check-in or a coaching call' }),
  startsAt: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: 'Date and time: choose the day and the time' }),
  timeZone: z.string().min(1, { error: 'Time zone: choose one' }).max(64, { error: 'Time zone: choose one' }),
  durationMinutes: z.coerce
    .number({ error: 'Duration: a whole number of minutes from 5 to 480' })
    .int({ error: 'Duration: a whole number of minutes from 5 to 480' })
    .min(5, { error: 'Duration: a whole number of minutes from 5 to 480' })
    .max(480, { error: 'Duration: a whole number of minutes from 5 to 480' }),
  agenda: z
    .string()
    .trim()
    .min(1, { error: 'Agenda: say what the meeting is for' })
    .max(2000, { error: 'Agenda: at most 2,000 characters' }),
  meetingUrl: z
    .string()
    .trim()
    .regex(/^https:\/\/\S+$/i, { error: 'Meeting link: use an https:// link' })
    .max(500, { error: 'Meeting link: at most 500 characters' }),
  staffId: z.string().min(1, { error: 'Run by: choose a member of staff' }),
});

/** The meeting form, checked whole (every problem at once); the domain checks the rest. */
function checkMeetingForm(
  fields: Record<string, string>,
  withPartner: boolean,
): MeetingInput & { organisationId: string } {
  const result = meetingForm.safeParse({
    kind: fields.kind ?? '',
    startsAt: fields.startsAt ?? '',
    timeZone: fields.timeZone ?? '',
    durationMinutes: fields.durationMinutes ?? '',
    agenda: fields.agenda ?? '',
    meetingUrl: fields.meetingUrl ?? '',
    staffId: fields.staffId ?? '',
  });
  const problems: FieldProblem[] = [];
  if (withPartner && !fields.organisationId) addProblem(problems, 'organisationId', 'Partner: choose one');
  for (const issue of result.error?.issues ?? []) addProblem(problems, String(issue.path[0]), issue.message);
  if (!result.success || problems.length) throw formProblems(problems);
  const { startsAt, ...rest } = result.data;
  return {
    ...rest,
    organisationId: fields.organisationId ?? '',
    date: startsAt.slice(0, 10),
    time: startsAt.slice(11, 16),
  };
}

/** Staff's overview, with the scheduling form as typed when it failed. */
async function showOverview(c: Context<AppEnv>, failed?: Failed<MeetingFormValues>): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const overview = await checkInOverview(c.var.deps.accreditation, actor);
  const done = doneText(c);
  const now = c.var.deps.now().toISOString();
  return render(
    c,
    <ConsoleShell
      title="Check-ins and coaching calls"
      current={ACCREDITATION}
      user={user}
      csrfToken={csrfToken}
      notice={!failed && done ? { kind: 'success', text: done } : undefined}
    >
      <p>
        <a href={ACCREDITATION}>All applications</a>
      </p>
      <h2>Due by cadence</h2>
      <DueTable due={overview.due} />
      <h2>Upcoming</h2>
      <MeetingTable
        rows={overview.upcoming}
        now={now}
        withPartner
        label="Upcoming check-ins and coaching calls"
      />
      <h2 id="schedule">Schedule a check-in or coaching call</h2>
      {overview.partners.length === 0 ? (
        <p class="empty">No partner has applied for accreditation yet.</p>
      ) : (
        <MeetingForm
          action={STAFF_CHECK_INS}
          submit="Schedule"
          csrfToken={csrfToken}
          staff={overview.staff}
          partners={overview.partners}
          values={failed?.values ?? { organisationId: c.req.query('organisation') ?? '' }}
          problems={failed?.problems}
          defaultStaffId={user.id}
        />
      )}
    </ConsoleShell>,
    failed?.status ?? 200,
  );
}

/** One meeting for staff; a failed change or notes form shows again with its problems. */
async function showMeeting(
  c: Context<AppEnv>,
  failed?: Failed<MeetingFormValues> & { form: 'change' | 'notes' },
): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const page = await meetingPage(c.var.deps.accreditation, actor, c.req.param('meetingId')!);
  const { meeting } = page;
  const done = doneText(c);
  const started = meeting.startsAt <= c.var.deps.now().toISOString();
  return render(
    c,
    <ConsoleShell
      title={`${kindLabel(meeting)} with ${page.organisationName}`}
      current={ACCREDITATION}
      user={user}
      csrfToken={csrfToken}
      notice={!failed && done ? { kind: 'success', text: done } : undefined}
    >
      <p>
        <a href={STAFF_CHECK_INS}>All check-ins</a> ·{' '}
        <a href={`${STAFF_CHECK_INS}/organisations/${meeting.organisationId}`}>{page.organisationName}</a>
      </p>
      <MeetingSummary meeting={meeting} staffName={page.staffName} partner={page.organisationName} />
      {meeting.status === 'scheduled' && started ? (
        <>
          <h2>Notes and agreed actions</h2>
          <NotesForm
            meeting={meeting}
            csrfToken={csrfToken}
            problems={failed?.form === 'notes' ? failed.problems : undefined}
          />
        </>
      ) : null}
      {meeting.status === 'scheduled' && !started ? (
        <>
          <h2>Change the meeting</h2>
          <MeetingForm
            action={`${STAFF_CHECK_INS}/${meeting.id}`}
            submit="Save changes"
            csrfToken={csrfToken}
            staff={page.staff}
            values={failed?.form === 'change' ? failed.values : meetingValues(meeting)}
            problems={failed?.form === 'change' ? failed.problems : undefined}
            defaultStaffId={meeting.staffId}
          />
          <h2>Cancel</h2>
          <CancelForm meeting={meeting} csrfToken={csrfToken} />
        </>
      ) : null}
    </ConsoleShell>,
    failed?.status ?? 200,
  );
}

/** One partner for staff: meetings, cadence, the quarter's assessment. */
async function showOrganisation(
  c: Context<AppEnv>,
  failed?: Failed<{ rating?: string; text?: string }>,
): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const quarter = c.req.query('quarter') ?? quarterOf(c.var.deps.now());
  const view = await organisationCheckIns(
    c.var.deps.accreditation,
    actor,
    c.req.param('organisationId')!,
    quarter,
  );
  const done = doneText(c);
  const id = view.organisation.id;
  return render(
    c,
    <ConsoleShell
      title={`Check-ins: ${view.organisation.name}`}
      current={ACCREDITATION}
      user={user}
      csrfToken={csrfToken}
      notice={!failed && done ? { kind: 'success', text: done } : undefined}
    >
      <p>
        <a href={STAFF_CHECK_INS}>All check-ins</a> ·{' '}
        <a href={`${STAFF_CHECK_INS}?organisation=${id}#schedule`}>Schedule a meeting with this partner</a>
      </p>
      <h2>Cadence</h2>
      <CadenceForm organisationId={id} cadence={view.cadence} dueAt={view.dueAt} csrfToken={csrfToken} />
      <h2>Meetings</h2>
      <MeetingTable
        rows={view.meetings}
        now={c.var.deps.now().toISOString()}
        withPartner={false}
        label={`Meetings with ${view.organisation.name}`}
      />
      <h2>Quarterly assessment</h2>
      <p>
        <a
          href={`${ACCREDITATION}/organisations/${id}/reports/${quarter}`}
        >{`Quarterly report ${quarter}`}</a>
      </p>
      <AssessmentForm
        organisationId={id}
        quarter={quarter}
        assessment={view.assessment}
        csrfToken={csrfToken}
        problems={failed?.problems}
        values={failed?.values}
      />
    </ConsoleShell>,
    failed?.status ?? 200,
  );
}

const cadenceForm = z.object({
  cadence: z.enum(CHECK_IN_CADENCES, { error: 'Cadence: choose monthly, every two months or none' }),
});
const assessmentForm = z.object({
  quarter: z.string().regex(/^\d{4}-Q[1-4]$/, { error: 'Quarter: use the form 2026-Q4' }),
  rating: z.enum(ASSESSMENT_RATINGS, { error: 'Rating: choose one of the levels' }),
  text: z
    .string()
    .trim()
    .min(1, { error: 'Assessment: write it' })
    .max(4000, { error: 'Assessment: at most 4,000 characters' }),
});

/** Parses a small form with `schema`, or throws its problems (400). */
function checked<T>(schema: z.ZodType<T>, fields: Record<string, string>): T {
  const result = schema.safeParse(fields);
  if (result.success) return result.data;
  const problems: FieldProblem[] = [];
  for (const issue of result.error.issues) addProblem(problems, String(issue.path[0]), issue.message);
  throw formProblems(problems);
}

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
