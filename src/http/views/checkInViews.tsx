/**
 * The check-in pages' lists and facts: partners due by cadence, meetings as a table for
 * staff, one meeting's summary, and the partner's own list (agreed actions, never staff
 * notes). Times are shown in the zone the meeting was set in, with the zone named. The
 * forms are in meetingFormViews.tsx and partnerFollowUpViews.tsx.
 */
import { TableWrap, When } from './consoleViews.js';
import type { CheckInMeetingRecord } from '../../storage/ports.js';
import { CADENCE_LABELS, MEETING_KIND_LABELS } from '../../accreditation/checkInLabels.js';
import type { DueCheckIn, MeetingRow, PartnerMeeting } from '../../accreditation/checkInLists.js';
import { meetingTimeText } from '../../accreditation/meetingTimes.js';

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
