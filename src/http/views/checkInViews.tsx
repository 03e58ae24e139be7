/**
 * The check-in pages' views: staff's overview (partners due by cadence, upcoming meetings,
 * the scheduling form), one meeting (change, cancel, notes), one partner (its meetings,
 * cadence, quarterly assessment), and the partner's own list (agreed actions, never staff
 * notes). Times are shown in the zone the meeting was set in, with the zone named.
 */
import type { Child } from 'hono/jsx';
import { CsrfField } from './layout.js';
import { TableWrap, When } from './consoleViews.js';
import { ErrorMessage, ErrorSummary, problemFor } from './formProblemsView.js';
import type { FieldProblem } from '../pages/formProblems.js';
import {
  ASSESSMENT_RATINGS,
  CHECK_IN_CADENCES,
  MEETING_KINDS,
  type CheckInCadence,
  type CheckInMeetingRecord,
  type OrganisationRecord,
  type QuarterlyAssessmentRecord,
  type UserRecord,
} from '../../storage/ports.js';
import {
  CADENCE_LABELS,
  MEETING_KIND_LABELS,
  RATING_LABELS,
  type DueCheckIn,
  type MeetingRow,
  type PartnerMeeting,
} from '../../accreditation/checkIns.js';
import { COMMON_TIME_ZONES, meetingTimeText, zonedFields } from '../../accreditation/meetingTimes.js';

/** Where staff's check-in pages live. */
export const STAFF_CHECK_INS = '/admin/accreditation/check-ins';

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "Check-in" or "Coaching call". */
export const kindLabel = (meeting: Pick<CheckInMeetingRecord, 'kind'>) =>
  capital(MEETING_KIND_LABELS[meeting.kind]);

/** A meeting's start in its own zone, machine-readable underneath. */
function MeetingTime({ meeting }: { meeting: Pick<CheckInMeetingRecord, 'startsAt' | 'timeZone'> }) {
  return <time datetime={meeting.startsAt}>{meetingTimeText(meeting.startsAt, meeting.timeZone)}</time>;
}

/** A labelled control with its problem beside it. */
function Control(props: {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  children: Child;
}) {
  return (
    <div class={props.error ? 'field field-error' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <ErrorMessage id={`${props.id}-error`} message={props.error} />
      {props.children}
    </div>
  );
}

const describedBy = (id: string, hint: boolean, error: string | undefined) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/** What a meeting form shows: the values typed (or the meeting's), and the problems of the last try. */
export interface MeetingFormValues {
  organisationId?: string;
  kind?: string;
  startsAt?: string;
  timeZone?: string;
  durationMinutes?: string;
  agenda?: string;
  meetingUrl?: string;
  staffId?: string;
}

/** The form values of a stored meeting (its start in its own zone). */
export function meetingValues(meeting: CheckInMeetingRecord): MeetingFormValues {
  const { date, time } = zonedFields(meeting.startsAt, meeting.timeZone);
  return {
    kind: meeting.kind,
    startsAt: `${date}T${time}`,
    timeZone: meeting.timeZone,
    durationMinutes: String(meeting.durationMinutes),
    agenda: meeting.agenda,
    meetingUrl: meeting.meetingUrl,
    staffId: meeting.staffId,
  };
}

/** Schedule (with a partner to choose) or change a meeting. */
export function MeetingForm(props: {
  action: string;
  submit: string;
  csrfToken: string;
  staff: UserRecord[];
  partners?: OrganisationRecord[];
  values: MeetingFormValues;
  problems?: FieldProblem[] | undefined;
  defaultStaffId: string;
}) {
  const v = props.values;
  const p = (field: string) => problemFor(props.problems, field);
  const zone = v.timeZone ?? 'Africa/Johannesburg';
  const zones = COMMON_TIME_ZONES.includes(zone as (typeof COMMON_TIME_ZONES)[number])
    ? COMMON_TIME_ZONES
    : [zone, ...COMMON_TIME_ZONES];
  return (
    <form method="post" action={props.action} class="stack" novalidate>
      <ErrorSummary problems={props.problems} />
      <CsrfField token={props.csrfToken} />
      {props.partners ? (
        <Control id="field-organisationId" label="Partner" error={p('organisationId')}>
          <select
            id="field-organisationId"
            name="organisationId"
            aria-describedby={describedBy('field-organisationId', false, p('organisationId'))}
          >
            <option value="">Choose a partner</option>
            {props.partners.map((o) => (
              <option value={o.id} selected={o.id === v.organisationId}>
                {o.name}
              </option>
            ))}
          </select>
        </Control>
      ) : null}
      <Control id="field-kind" label="Kind" error={p('kind')}>
        <select id="field-kind" name="kind">
          {MEETING_KINDS.map((k) => (
            <option value={k} selected={k === (v.kind ?? 'check_in')}>
              {capital(MEETING_KIND_LABELS[k])}
            </option>
          ))}
        </select>
      </Control>
      <Control
        id="field-startsAt"
        label="Date and time"
        hint="In the time zone below; the partner sees the zone with it."
        error={p('startsAt') ?? p('date') ?? p('time')}
      >
        <input
          id="field-startsAt"
          name="startsAt"
          type="datetime-local"
          value={v.startsAt}
          required
          aria-invalid={(p('startsAt') ?? p('date') ?? p('time')) ? 'true' : undefined}
          aria-describedby={describedBy('field-startsAt', true, p('startsAt') ?? p('date') ?? p('time'))}
        />
      </Control>
      <Control id="field-timeZone" label="Time zone" error={p('timeZone')}>
        <select id="field-timeZone" name="timeZone">
          {zones.map((z) => (
            <option value={z} selected={z === zone}>
              {z}
            </option>
          ))}
        </select>
      </Control>
      <Control id="field-durationMinutes" label="Duration (minutes)" error={p('durationMinutes')}>
        <input
          id="field-durationMinutes"
          name="durationMinutes"
          type="number"
          min={5}
          max={480}
          step={5}
          value={v.durationMinutes ?? '45'}
          required
          aria-invalid={p('durationMinutes') ? 'true' : undefined}
          aria-describedby={describedBy('field-durationMinutes', false, p('durationMinutes'))}
        />
      </Control>
      <Control id="field-agenda" label="Agenda" error={p('agenda')}>
        <textarea
          id="field-agenda"
          name="agenda"
          rows={4}
          maxlength={2000}
          required
          aria-invalid={p('agenda') ? 'true' : undefined}
          aria-describedby={describedBy('field-agenda', false, p('agenda'))}
        >
          {v.agenda ?? ''}
        </textarea>
      </Control>
      <Control
        id="field-meetingUrl"
        label="Meeting link"
        hint="An https:// link to the video call."
        error={p('meetingUrl')}
      >
        <input
          id="field-meetingUrl"
          name="meetingUrl"
          type="url"
          value={v.meetingUrl}
          required
          aria-invalid={p('meetingUrl') ? 'true' : undefined}
          aria-describedby={describedBy('field-meetingUrl', true, p('meetingUrl'))}
        />
      </Control>
      <Control id="field-staffId" label="Run by" error={p('staffId')}>
        <select id="field-staffId" name="staffId">
          {props.staff.map((s) => (
            <option value={s.id} selected={s.id === (v.staffId ?? props.defaultStaffId)}>
              {s.name}
            </option>
          ))}
        </select>
      </Control>
      <button type="submit">{props.submit}</button>
    </form>
  );
}

/** A meeting's state as a tag. */
function MeetingTag({ meeting, now }: { meeting: CheckInMeetingRecord; now: string }) {
  if (meeting.status === 'cancelled') return <span class="tag neutral">cancelled</span>;
  if (meeting.startsAt > now) return <span class="tag info">scheduled</span>;
  return meeting.notesAt ? (
    <span class="tag ok">notes recorded</span>
  ) : (
    <span class="tag warn">notes due</span>
  );
}

/** Partners due or overdue by cadence. */
export function DueTable({ due }: { due: DueCheckIn[] }) {
  if (due.length === 0)
    return <p class="empty">No partner is due a check-in by its cadence in the coming week.</p>;
  return (
    <TableWrap label="Check-ins due by cadence">
      <table>
        <thead>
          <tr>
            <th scope="col">Partner</th>
            <th scope="col">Cadence</th>
            <th scope="col">Last held</th>
            <th scope="col">Due</th>
          </tr>
        </thead>
        <tbody>
          {due.map((d) => (
            <tr>
              <td>
                <a href={`${STAFF_CHECK_INS}/organisations/${d.organisationId}`}>{d.organisationName}</a>
              </td>
              <td>{CADENCE_LABELS[d.cadence]}</td>
              <td>{d.lastHeldAt ? d.lastHeldAt.slice(0, 10) : 'never'}</td>
              <td>
                {d.dueAt.slice(0, 10)}{' '}
                {d.overdue ? <span class="tag bad">overdue</span> : <span class="tag warn">due</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** Meetings as a table for staff (with the partner named when `withPartner`). */
export function MeetingTable(props: {
  rows: MeetingRow[];
  now: string;
  withPartner: boolean;
  label: string;
}) {
  if (props.rows.length === 0) return <p class="empty">None.</p>;
  return (
    <TableWrap label={props.label}>
      <table>
        <thead>
          <tr>
            <th scope="col">When</th>
            {props.withPartner ? <th scope="col">Partner</th> : null}
            <th scope="col">Kind</th>
            <th scope="col">Run by</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td>
                <a href={`${STAFF_CHECK_INS}/${r.meeting.id}`}>
                  <MeetingTime meeting={r.meeting} />
                </a>
              </td>
              {props.withPartner ? (
                <td>
                  <a href={`${STAFF_CHECK_INS}/organisations/${r.meeting.organisationId}`}>
                    {r.organisationName}
                  </a>
                </td>
              ) : null}
              <td>{kindLabel(r.meeting)}</td>
              <td>{r.staffName}</td>
              <td>
                <MeetingTag meeting={r.meeting} now={props.now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** One meeting's facts. */
export function MeetingSummary({
  meeting,
  staffName,
  partner,
}: {
  meeting: PartnerMeeting | CheckInMeetingRecord;
  staffName: string;
  partner?: string;
}) {
  return (
    <dl class="summary">
      {partner ? (
        <div>
          <dt>Partner</dt>
          <dd>{partner}</dd>
        </div>
      ) : null}
      <div>
        <dt>When</dt>
        <dd>
          <MeetingTime meeting={meeting} />
        </dd>
      </div>
      <div>
        <dt>Duration</dt>
        <dd>{`${meeting.durationMinutes} minutes`}</dd>
      </div>
      <div>
        <dt>Run by</dt>
        <dd>{staffName}</dd>
      </div>
      <div>
        <dt>Join</dt>
        <dd>
          {meeting.status === 'cancelled' ? (
            'cancelled'
          ) : (
            <a href={meeting.meetingUrl} rel="noopener noreferrer">
              {meeting.meetingUrl}
            </a>
          )}
        </dd>
      </div>
      <div>
        <dt>Agenda</dt>
        <dd>{meeting.agenda}</dd>
      </div>
      {meeting.status === 'cancelled' ? (
        <div>
          <dt>Cancelled</dt>
          <dd>
            <When at={meeting.cancelledAt} />
            {meeting.cancelReason ? ` · ${meeting.cancelReason}` : ''}
          </dd>
        </div>
      ) : null}
      {meeting.agreedActions ? (
        <div>
          <dt>Agreed actions</dt>
          <dd>{meeting.agreedActions}</dd>
        </div>
      ) : null}
    </dl>
  );
}

/** Staff's notes form (notes private to staff, agreed actions shown to the partner). */
export function NotesForm(props: {
  meeting: CheckInMeetingRecord;
  csrfToken: string;
  problems?: FieldProblem[] | undefined;
}) {
  const error = problemFor(props.problems, 'notes');
  return (
    <form method="post" action={`${STAFF_CHECK_INS}/${props.meeting.id}/notes`} class="stack" novalidate>
      <CsrfField token={props.csrfToken} />
      <Control id="field-notes" label="Notes (staff only)" hint="Never shown to the partner." error={error}>
        <textarea
          id="field-notes"
          name="notes"
          rows={5}
          maxlength={10000}
          aria-describedby={describedBy('field-notes', true, error)}
        >
          {props.meeting.notes ?? ''}
        </textarea>
      </Control>
      <Control
        id="field-agreedActions"
        label="Agreed actions"
        hint="Shown to the partner on their check-ins page."
      >
        <textarea
          id="field-agreedActions"
          name="agreedActions"
          rows={4}
          maxlength={5000}
          aria-describedby="field-agreedActions-hint"
        >
          {props.meeting.agreedActions ?? ''}
        </textarea>
      </Control>
      <button type="submit">Save notes</button>
    </form>
  );
}

/** Cancel a meeting, with a reason for both sides. */
export function CancelForm({ meeting, csrfToken }: { meeting: CheckInMeetingRecord; csrfToken: string }) {
  return (
    <form method="post" action={`${STAFF_CHECK_INS}/${meeting.id}/cancel`} class="compact danger">
      <CsrfField token={csrfToken} />
      <label for="cancel-reason">Cancel the meeting: reason (sent to both sides)</label>
      <input id="cancel-reason" name="reason" type="text" maxlength={1000} />
      <button type="submit">Cancel meeting</button>
    </form>
  );
}

/** A partner's cadence and when the next check-in is due. */
export function CadenceForm(props: {
  organisationId: string;
  cadence: CheckInCadence;
  dueAt?: string | undefined;
  csrfToken: string;
}) {
  return (
    <>
      <p>
        {props.cadence === 'none'
          ? 'No cadence: this partner is not followed up by date.'
          : `Check-ins ${CADENCE_LABELS[props.cadence]}; the next is due ${props.dueAt?.slice(0, 10) ?? 'now'}.`}
      </p>
      <form
        method="post"
        action={`${STAFF_CHECK_INS}/organisations/${props.organisationId}/cadence`}
        class="compact"
      >
        <CsrfField token={props.csrfToken} />
        <label for="field-cadence">Cadence</label>
        <select id="field-cadence" name="cadence">
          {CHECK_IN_CADENCES.map((c) => (
            <option value={c} selected={c === props.cadence}>
              {CADENCE_LABELS[c]}
            </option>
          ))}
        </select>
        <button type="submit">Set cadence</button>
      </form>
    </>
  );
}

/** Staff write a partner's overall assessment for a quarter. */
export function AssessmentForm(props: {
  organisationId: string;
  quarter: string;
  assessment?: QuarterlyAssessmentRecord | undefined;
  csrfToken: string;
  problems?: FieldProblem[] | undefined;
  values?: { rating?: string; text?: string } | undefined;
}) {
  const rating = props.values?.rating ?? props.assessment?.rating ?? 'on_track';
  const textError = problemFor(props.problems, 'text');
  return (
    <form
      method="post"
      action={`${STAFF_CHECK_INS}/organisations/${props.organisationId}/assessments`}
      class="stack"
      novalidate
    >
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="quarter" value={props.quarter} />
      <fieldset>
        <legend>{`Overall rating for ${props.quarter}`}</legend>
        {ASSESSMENT_RATINGS.map((r) => (
          <div class="check">
            <input type="radio" id={`rating-${r}`} name="rating" value={r} checked={r === rating} />
            <label for={`rating-${r}`}>{RATING_LABELS[r]}</label>
          </div>
        ))}
      </fieldset>
      <Control
        id="field-text"
        label="Assessment"
        hint="Shown in the partner's quarterly report."
        error={textError}
      >
        <textarea
          id="field-text"
          name="text"
          rows={5}
          maxlength={4000}
          aria-describedby={describedBy('field-text', true, textError)}
        >
          {props.values?.text ?? props.assessment?.text ?? ''}
        </textarea>
      </Control>
      <button type="submit">Save assessment</button>
    </form>
  );
}

/** The partner's meetings: upcoming with how to join, past with what was agreed. */
export function PartnerMeetings({ upcoming, past }: { upcoming: PartnerMeeting[]; past: PartnerMeeting[] }) {
  return (
    <>
      <section aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">Upcoming</h2>
        {upcoming.length === 0 ? <p class="empty">No check-in or coaching call is scheduled.</p> : null}
        {upcoming.map((m) => (
          <article class="card" aria-label={`${kindLabel(m)} ${meetingTimeText(m.startsAt, m.timeZone)}`}>
            <h3>
              {kindLabel(m)} {m.status === 'cancelled' ? <span class="tag neutral">cancelled</span> : null}
            </h3>
            <MeetingSummary meeting={m} staffName={m.staffName} />
          </article>
        ))}
      </section>
      <section aria-labelledby="past-heading">
        <h2 id="past-heading">Past</h2>
        {past.length === 0 ? <p class="empty">None yet.</p> : null}
        {past.map((m) => (
          <article class="card" aria-label={`${kindLabel(m)} ${meetingTimeText(m.startsAt, m.timeZone)}`}>
            <h3>
              {kindLabel(m)} {m.status === 'cancelled' ? <span class="tag neutral">cancelled</span> : null}
            </h3>
            <MeetingSummary meeting={m} staffName={m.staffName} />
          </article>
        ))}
      </section>
    </>
  );
}
