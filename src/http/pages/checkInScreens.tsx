/**
 * The staff check-in pages as they are shown (also again, with what was typed and each
 * problem beside its field, when a form failed): the overview (partners due by cadence,
 * upcoming meetings and the scheduling form), one meeting (change, cancel, notes
 * afterwards) and one partner (its meetings, cadence and the quarter's assessment).
 */
import type { Context } from 'hono';
import type { AppEnv } from '../env.js';
import { render } from './pageKit.js';
import { pageContext } from './consoleKit.js';
import type { FieldProblem } from './formProblems.js';
import type { FormStatus } from './publicKit.js';
import { ConsoleShell } from '../views/consoleViews.js';
import { checkInOverview, meetingPage, organisationCheckIns } from '../../accreditation/checkInLists.js';
import { quarterOf } from '../../accreditation/quarterlyReport.js';
import { DueTable, MeetingSummary, MeetingTable, STAFF_CHECK_INS, kindLabel } from '../views/checkInViews.js';
import {
  CancelForm,
  MeetingForm,
  NotesForm,
  meetingValues,
  type MeetingFormValues,
} from '../views/meetingFormViews.js';
import { AssessmentForm, CadenceForm } from '../views/partnerFollowUpViews.js';

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
export interface Failed<T> {
  values: T;
  problems: FieldProblem[];
  status: FormStatus;
}

/** Staff's overview, with the scheduling form as typed when it failed. */
export async function showOverview(
  c: Context<AppEnv>,
  failed?: Failed<MeetingFormValues>,
): Promise<Response> {
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
export async function showMeeting(
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
export async function showOrganisation(
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
