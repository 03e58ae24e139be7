/**
 * Messages as people see them: a participant's in-app notifications (new ones marked),
 * and for staff the delivery log: a search by person, trigger, status and date, and one
 * message with the sentence saying where it stands and every step of its life.
 */
import { CsrfField, Layout } from './layout.js';
import { When } from './formParts.js';
import { ConsoleShell, type ConsoleProps, TableWrap } from './consoleViews.js';
import type { ShellProps } from './authViews.js';
import type { DeliveryEvent, OutboxMessage } from '../../storage/ports.js';
import { plural } from '../../plural.js';

/** GET /me/notifications. */
export function NotificationsView(
  props: ShellProps & {
    messages: OutboxMessage[];
    remindersOn: boolean;
    language: string;
    languages: Record<string, string>;
    saved?: boolean;
  },
) {
  return (
    <Layout title="Notifications" user={props.user} csrfToken={props.csrfToken}>
      {props.saved ? (
        <p class="notice success" role="status">
          Your choice was saved.
        </p>
      ) : null}
      <form method="post" action="/me/notifications/preferences" class="compact">
        <CsrfField token={props.csrfToken} />
        <label class="checkbox">
          <input type="checkbox" name="reminders" checked={props.remindersOn} /> Email me reminders before
          deadlines and before my certificates expire
        </label>
        <label for="n-language">Language of my messages</label>
        <select id="n-language" name="language">
          {Object.entries(props.languages).map(([code, name]) => (
            <option value={code} selected={code === props.language}>
              {name}
            </option>
          ))}
        </select>
        <button type="submit">Save</button>
        <p class="hint">
          Messages about your certificates and your submitted work are always sent. Where a message has not
          been written in your language yet, it comes in English.
        </p>
      </form>
      {props.messages.length === 0 ? (
        <p class="empty">
          No notifications yet. Updates about your courses and certificates will appear here.
        </p>
      ) : (
        <ul class="cards">
          {props.messages.map((m) => (
            <li class="card">
              <h2>
                {m.subject} {m.viewedAt ? null : <span class="badge draft">New</span>}
              </h2>
              <p class="hint">
                <When at={m.sentAt ?? m.createdAt} />
              </p>
              <p class="message-text">{m.text}</p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

const LOG = '/admin/communications';

/** One reminder kind's schedule as the form shows it. */
export interface ScheduleRow {
  kind: string;
  label: string;
  offsetsDays: number[];
  pastDueDays: number[];
}

function ScheduleForms({ schedules, csrfToken }: { schedules: ScheduleRow[]; csrfToken: string }) {
  return (
    <section>
      <h2>Reminder schedules</h2>
      <p class="hint">
        Days before the deadline, and days after it for a past-due warning, separated by commas. Saving
        re-plans every reminder not sent yet.
      </p>
      {schedules.map((s) => (
        <form method="post" action={`${LOG}/schedules/${s.kind}`} class="compact">
          <CsrfField token={csrfToken} />
          <strong>{s.label}</strong>
          <label for={`before-${s.kind}`}>Days before</label>
          <input id={`before-${s.kind}`} name="before" type="text" value={s.offsetsDays.join(', ')} />
          <label for={`after-${s.kind}`}>Days after</label>
          <input id={`after-${s.kind}`} name="after" type="text" value={s.pastDueDays.join(', ')} />
          <button type="submit">Save</button>
        </form>
      ))}
    </section>
  );
}

/** GET /admin/communications. */
export function DeliveryLogPage(
  props: ConsoleProps & {
    messages: OutboxMessage[];
    filters: Record<string, string>;
    note?: string | undefined;
    schedules: ScheduleRow[];
  },
) {
  const f = props.filters;
  return (
    <ConsoleShell title="Communications: delivery log" current={LOG} {...props}>
      <p>
        <a href={`${LOG}/templates`}>Message templates</a>: what each message says, in each language.
      </p>
      <ScheduleForms schedules={props.schedules} csrfToken={props.csrfToken} />
      <h2>Delivery log</h2>
      <form method="get" action={LOG} class="filters">
        <label for="d-email">Person (email)</label>
        <input id="d-email" name="email" type="text" value={f.email ?? ''} />
        <label for="d-trigger">Trigger</label>
        <input id="d-trigger" name="trigger" type="text" value={f.trigger ?? ''} />
        <label for="d-status">Status</label>
        <select id="d-status" name="status">
          {['', 'queued', 'sent', 'failed', 'cancelled'].map((s) => (
            <option value={s} selected={f.status === s}>
              {s || 'any'}
            </option>
          ))}
        </select>
        <label for="d-from">From (YYYY-MM-DD)</label>
        <input id="d-from" name="from" type="text" value={f.from ?? ''} />
        <label for="d-to">To (YYYY-MM-DD)</label>
        <input id="d-to" name="to" type="text" value={f.to ?? ''} />
        <button type="submit">Search</button>
      </form>
      {props.note ? <p class="notice info">{props.note}</p> : null}
      {props.messages.length === 0 ? (
        <p class="empty">No messages match.</p>
      ) : (
        <TableWrap label="Messages">
          <table>
            <caption>{`${plural(props.messages.length, 'message')}, newest first`}</caption>
            <thead>
              <tr>
                <th scope="col">Queued</th>
                <th scope="col">Trigger</th>
                <th scope="col">Channel</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {props.messages.map((m) => (
                <tr>
                  <td>
                    <When at={m.createdAt} />
                  </td>
                  <td>{m.trigger}</td>
                  <td>{m.channel === 'in_app' ? 'portal' : 'email'}</td>
                  <td>{m.to ?? '—'}</td>
                  <td>
                    <a href={`${LOG}/${encodeURIComponent(m.id)}`}>{m.subject}</a>
                  </td>
                  <td>{m.status === 'queued' && m.attempts > 0 ? `retrying (${m.attempts})` : m.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </ConsoleShell>
  );
}

/** GET /admin/communications/:id. */
export function DeliveryDetailPage(
  props: ConsoleProps & { message: OutboxMessage; events: DeliveryEvent[]; explanation: string },
) {
  const { message, events } = props;
  return (
    <ConsoleShell title={message.subject} current={LOG} {...props}>
      <p class="notice info">{props.explanation}</p>
      <p>{`${message.channel === 'in_app' ? 'Portal notification' : `Email to ${message.to}`} · trigger ${message.trigger} · ${plural(message.attempts, 'attempt')}`}</p>
      <ol>
        {events.map((e) => (
          <li>
            <When at={e.at} /> {` ${e.type.replace(/_/g, ' ')}${e.detail ? `: ${e.detail}` : ''}`}
          </li>
        ))}
      </ol>
      <h2>Message</h2>
      {message.attachment ? <p>Attached: the certificate as PDF, made when the email is sent.</p> : null}
      <pre class="message-text">{message.text}</pre>
    </ConsoleShell>
  );
}
