/**
 * The forms of one meeting: schedule (with a partner to choose) or change it, cancel it
 * with a reason, and record the notes (staff only) and agreed actions (shown to the
 * partner) afterwards. A form that failed shows what was typed and each problem beside its
 * field (CheckedField).
 */
import { CsrfField } from './layout.js';
import { CheckedField, ErrorSummary, problemFor } from './formProblemsView.js';
import type { FieldProblem } from '../pages/formProblems.js';
import {
  MEETING_KINDS,
  type CheckInMeetingRecord,
  type OrganisationRecord,
  type UserRecord,
} from '../../storage/ports.js';
import { COMMON_TIME_ZONES, zonedFields } from '../../accreditation/meetingTimes.js';
import { STAFF_CHECK_INS, kindLabel } from './checkInViews.js';

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
  const startsAtError = p('startsAt') ?? p('date') ?? p('time');
  return (
    <form method="post" action={props.action} class="stack" novalidate>
      <ErrorSummary problems={props.problems} />
      <CsrfField token={props.csrfToken} />
      {props.partners ? (
        <CheckedField
          name="organisationId"
          label="Partner"
          error={p('organisationId')}
          required={false}
          control={(attributes) => (
            <select {...attributes}>
              <option value="">Choose a partner</option>
              {props.partners?.map((o) => (
                <option value={o.id} selected={o.id === v.organisationId}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        />
      ) : null}
      <CheckedField
        name="kind"
        label="Kind"
        error={p('kind')}
        required={false}
        control={(attributes) => (
          <select {...attributes}>
            {MEETING_KINDS.map((kind) => (
              <option value={kind} selected={kind === (v.kind ?? 'check_in')}>
                {kindLabel({ kind })}
              </option>
            ))}
          </select>
        )}
      />
      <CheckedField
        name="startsAt"
        label="Date and time"
        hint="In the time zone below; the partner sees the zone with it."
        error={startsAtError}
        control={(attributes) => <input {...attributes} type="datetime-local" value={v.startsAt} />}
      />
      <CheckedField
        name="timeZone"
        label="Time zone"
        error={p('timeZone')}
        required={false}
        control={(attributes) => (
          <select {...attributes}>
            {zones.map((z) => (
              <option value={z} selected={z === zone}>
                {z}
              </option>
            ))}
          </select>
        )}
      />
      <CheckedField
        name="durationMinutes"
        label="Duration (minutes)"
        error={p('durationMinutes')}
        control={(attributes) => (
          <input {...attributes} type="number" min={5} max={480} step={5} value={v.durationMinutes ?? '45'} />
        )}
      />
      <CheckedField
        name="agenda"
        label="Agenda"
        error={p('agenda')}
        multiline
        rows={4}
        maxlength={2000}
        value={v.agenda ?? ''}
      />
      <CheckedField
        name="meetingUrl"
        label="Meeting link"
        type="url"
        hint="An https:// link to the video call."
        error={p('meetingUrl')}
        value={v.meetingUrl}
      />
      <CheckedField
        name="staffId"
        label="Run by"
        error={p('staffId')}
        required={false}
        control={(attributes) => (
          <select {...attributes}>
            {props.staff.map((s) => (
              <option value={s.id} selected={s.id === (v.staffId ?? props.defaultStaffId)}>
                {s.name}
              </option>
            ))}
          </select>
        )}
      />
      <button type="submit">{props.submit}</button>
    </form>
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
      <CheckedField
        name="notes"
        label="Notes (staff only)"
        hint="Never shown to the partner."
        error={error}
        required={false}
        multiline
        rows={5}
        maxlength={10000}
        value={props.meeting.notes ?? ''}
      />
      <CheckedField
        name="agreedActions"
        label="Agreed actions"
        hint="Shown to the partner on their check-ins page."
        required={false}
        multiline
        rows={4}
        maxlength={5000}
        value={props.meeting.agreedActions ?? ''}
      />
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
