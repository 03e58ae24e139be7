/**
 * Staff messaging pages of issue 21: my messaging preferences (alerts and the away
 * message), the supervisor view (admins: each staff member's queue and figures, and the
 * response template audit) and the content filter (word and domain lists) shown beside
 * the fixed spam rules.
 */
import { CsrfField } from './layout.js';
import { ConsoleShell, When, type ConsoleProps, TableWrap } from './consoleViews.js';
import { MESSAGES } from './consoleMessagesView.js';
import type { ContentFilter, StaffMessagingAlert, StaffMessagingPreferences } from '../../storage/ports.js';
import { alertsFor } from '../../messaging/staffPreferences.js';
import type { SupervisorView } from '../../messaging/supervisorView.js';
import { SPAM_LIMITS } from '../../messaging/spamFilter.js';

const ALERT_LABELS: Record<StaffMessagingAlert, string> = {
  new_conversation: 'A new conversation is opened in my teams (or for no team)',
  assigned_reply: 'Someone writes in a conversation assigned to me',
  monitoring_backlog:
    'The messaging backlog past the reply target reaches its alert threshold (admins; at most once an hour)',
};

/** "45 min", "3.5 h", "2.1 days"; a dash when unknown. */
function duration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  const minutes = ms / 60_000;
  if (minutes < 90) return `${Math.round(minutes)} min`;
  const hours = minutes / 60;
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round((hours / 24) * 10) / 10} days`;
}

/** GET /admin/messages/preferences. */
export function MessagingPreferencesPage(
  props: ConsoleProps & { preferences: StaffMessagingPreferences; now: string },
) {
  const { preferences } = props;
  const away = preferences.away;
  const active = away && (!away.from || away.from <= props.now) && (!away.until || away.until > props.now);
  return (
    <ConsoleShell title="Messages: my preferences" current={MESSAGES} {...props}>
      <p>
        <a href={MESSAGES}>Inbox</a>
      </p>
      <form method="post" action={`${MESSAGES}/preferences`} class="stack">
        <CsrfField token={props.csrfToken} />
        <fieldset>
          <legend>Email me when</legend>
          {alertsFor(props.user.role).map((alert) => (
            <span class="check">
              <input
                id={`p-alert-${alert}`}
                type="checkbox"
                name={`alert_${alert}`}
                checked={preferences.alerts.includes(alert)}
              />{' '}
              <label for={`p-alert-${alert}`}>{ALERT_LABELS[alert]}</label>
            </span>
          ))}
        </fieldset>
        <h2>Away message</h2>
        <p class="hint">
          While it is on, a person who writes in a conversation assigned to you gets this automatic reply,
          once per conversation. Leave the text empty to turn it off. Dates are whole days in UTC.
        </p>
        <p>
          {away
            ? active
              ? 'Your away message is on now.'
              : 'Your away message is set but not on now.'
            : 'No away message.'}
        </p>
        <label for="p-away-body">Automatic reply</label>
        <textarea id="p-away-body" name="awayBody" rows={4} maxlength={2000}>
          {away?.body ?? ''}
        </textarea>
        <label for="p-away-from">From (optional)</label>
        <input id="p-away-from" name="awayFrom" type="date" value={away?.from?.slice(0, 10) ?? ''} />
        <label for="p-away-until">Until, inclusive (optional)</label>
        <input
          id="p-away-until"
          name="awayUntil"
          type="date"
          value={away?.until ? new Date(Date.parse(away.until) - 86_400_000).toISOString().slice(0, 10) : ''}
        />
        <button type="submit">Save my preferences</button>
      </form>
    </ConsoleShell>
  );
}

/** GET /admin/messages/supervisor (admins). */
export function SupervisorPage(props: ConsoleProps & { view: SupervisorView }) {
  const { view } = props;
  const unplaceholdered = view.templates.filter((t) => t.placeholders.length === 0);
  return (
    <ConsoleShell title="Messages: supervisor view" current={MESSAGES} {...props}>
      <p>
        <a href={MESSAGES}>Inbox</a> · <a href={`${MESSAGES}/filter`}>Content filter</a>
      </p>
      <h2>Staff queues</h2>
      <p class="hint">
        Live queues now; replies and first answers since Monday 00:00 UTC (<When at={view.weekStart} />
        ).
      </p>
      {view.staff.length === 0 ? (
        <p class="empty">No active staff.</p>
      ) : (
        <TableWrap label="Staff queues">
          <table>
            <caption>Each staff member's queue and figures</caption>
            <thead>
              <tr>
                <th scope="col">Staff member</th>
                <th scope="col">Open, assigned</th>
                <th scope="col">Waiting for staff</th>
                <th scope="col">Oldest waiting since</th>
                <th scope="col">Replies this week</th>
                <th scope="col">Median first answer</th>
              </tr>
            </thead>
            <tbody>
              {view.staff.map((row) => (
                <tr>
                  <th scope="row">{`${row.staff.name} (${row.staff.role})`}</th>
                  <td>{String(row.open)}</td>
                  <td>{String(row.waitingForStaff)}</td>
                  <td>
                    <When at={row.oldestWaitingSince} />
                  </td>
                  <td>{String(row.repliesThisWeek)}</td>
                  <td>
                    {row.firstResponsesThisWeek
                      ? `${duration(row.medianFirstResponseMs)} (${row.firstResponsesThisWeek})`
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h2>Template audit</h2>
      <p>
        {unplaceholdered.length === 0
          ? 'Every response template uses at least one placeholder.'
          : `Without placeholders (the same text for everyone): ${unplaceholdered.map((t) => t.template.name).join(', ')}.`}
      </p>
      {view.templates.length === 0 ? (
        <p class="empty">No response templates.</p>
      ) : (
        <TableWrap label="Template audit">
          <table>
            <caption>Response templates and how often staff inserted them</caption>
            <thead>
              <tr>
                <th scope="col">Template</th>
                <th scope="col">Placeholders</th>
                <th scope="col">Uses</th>
                <th scope="col">Last used</th>
              </tr>
            </thead>
            <tbody>
              {view.templates.map((row) => (
                <tr>
                  <th scope="row">{row.template.name}</th>
                  <td>{row.placeholders.length ? row.placeholders.join(', ') : 'none'}</td>
                  <td>{String(row.uses)}</td>
                  <td>
                    <When at={row.lastUsedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <p>
        <a href={`${MESSAGES}/settings`}>Edit the templates in the settings</a>
      </p>
    </ConsoleShell>
  );
}

/** GET /admin/messages/filter. */
export function ContentFilterPage(
  props: ConsoleProps & { filter: ContentFilter; values?: { keywords: string; domains: string } },
) {
  const { filter } = props;
  return (
    <ConsoleShell title="Messages: spam rules and content filter" current={MESSAGES} {...props}>
      <p>
        <a href={MESSAGES}>Inbox</a> · <a href={`${MESSAGES}/review`}>Review queue</a>
      </p>
      <h2>Spam rules</h2>
      <ul>
        <li>{`More than ${SPAM_LIMITS.perWindow} messages from one person in ${SPAM_LIMITS.windowMs / 60000} minutes are refused.`}</li>
        <li>{`A message with more than ${SPAM_LIMITS.maxLinks} links is held for review.`}</li>
        <li>A message repeating one the person sent in the last 24 hours is held for review.</li>
        <li>Every message of a muted person is held for review; a blocked person cannot write.</li>
      </ul>
      <h2>Content filter</h2>
      <p class="hint">
        A message from a person containing one of these words or phrases, or a link to one of these domains
        (or their subdomains), waits in the review queue with the reason “content filter: …”. It is never
        dropped; staff messages are not filtered. One entry per line.
      </p>
      <form method="post" action={`${MESSAGES}/filter`} class="stack">
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="baseVersion" value={String(filter.version)} />
        <label for="f-keywords">Words and phrases</label>
        <textarea id="f-keywords" name="keywords" rows={6}>
          {props.values?.keywords ?? filter.keywords.join('\n')}
        </textarea>
        <label for="f-domains">Link domains</label>
        <textarea id="f-domains" name="domains" rows={6}>
          {props.values?.domains ?? filter.domains.join('\n')}
        </textarea>
        <button type="submit">Save the content filter</button>
      </form>
      {filter.version ? (
        <p class="hint">
          {'Last saved '}
          <When at={filter.updatedAt} />
        </p>
      ) : null}
    </ConsoleShell>
  );
}
