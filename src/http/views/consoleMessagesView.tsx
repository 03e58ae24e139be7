/**
 * The staff side of conversations (/admin/messages): the inbox with its filters and
 * search, one conversation with replies, internal notes, response templates, the state
 * form (assignee, team, status, flag, escalate) and moderation of the person; and the
 * review queue (held messages, reports, blocks). Text is always rendered as text.
 */
import { CsrfField } from './layout.js';
import { SelectField } from './formParts.js';
import { ConsoleShell, TableWrap, When, type ConsoleProps } from './consoleViews.js';
import { CATEGORY_LABELS, LIVE_SCRIPT, ThreadList } from './messagesView.js';
import {
  CONVERSATION_CATEGORIES,
  CONVERSATION_STATUSES,
  type ConversationRecord,
  type MessageReport,
  type MessagingBlock,
  type ResponseTemplate,
  type TeamRecord,
  type UserRecord,
} from '../../storage/ports.js';
import type { ConversationSummary, ThreadMessage } from '../../messaging/conversationReads.js';
import { plural } from '../../plural.js';

export const MESSAGES = '/admin/messages';
const STAFF_STATUS: Record<ConversationRecord['status'], string> = {
  open: 'open',
  waiting_on_user: 'waiting on the person',
  resolved: 'resolved',
};
const VIEWS = [
  ['all', 'All I can see'],
  ['mine', 'Assigned to me'],
  ['unread', 'Unread'],
  ['flagged', 'Flagged'],
  ['escalated', 'Escalated'],
  ['overdue', 'Waiting longer than the SLA'],
] as const;

/** GET /admin/messages. */
export function InboxPage(
  props: ConsoleProps & {
    items: ConversationSummary[];
    filters: Record<string, string>;
    teams: TeamRecord[];
    slaHours: number;
    now: string;
  },
) {
  const f = props.filters;
  return (
    <ConsoleShell title="Messages" current={MESSAGES} {...props}>
      <p>
        <a href={`${MESSAGES}/review`}>Review queue and reported messages</a> ·{' '}
        <a href={`${MESSAGES}/broadcasts`}>Broadcasts</a> · <a href={`${MESSAGES}/reports`}>Monthly report</a>{' '}
        · <a href={`${MESSAGES}/settings`}>Settings</a> · <a href={`${MESSAGES}/filter`}>Content filter</a> ·{' '}
        <a href={`${MESSAGES}/preferences`}>My preferences</a> ·{' '}
        <a href={`${MESSAGES}/feedback`}>Feedback and suggestions</a>
        {props.user.role === 'admin' ? (
          <>
            {' · '}
            <a href={`${MESSAGES}/supervisor`}>Supervisor view</a>
          </>
        ) : null}
      </p>
      <form method="get" action={MESSAGES} class="filters">
        <label for="i-view">Show</label>
        <select id="i-view" name="view">
          {VIEWS.map(([value, label]) => (
            <option value={value} selected={(f.view || 'all') === value}>
              {label}
            </option>
          ))}
        </select>
        <SelectField
          id="i-status"
          name="status"
          label="Status"
          none="any"
          options={CONVERSATION_STATUSES.map((s) => ({ value: s, label: STAFF_STATUS[s] }))}
          selected={f.status}
        />
        <SelectField
          id="i-category"
          name="category"
          label="Category"
          none="any"
          options={CONVERSATION_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))}
          selected={f.category}
        />
        <SelectField
          id="i-team"
          name="team"
          label="Team"
          none="any of mine"
          options={props.teams.map((t) => ({ value: t.id, label: t.name }))}
          selected={f.team}
        />
        <label for="i-q">Words</label>
        <input id="i-q" name="q" type="search" value={f.q ?? ''} />
        <button type="submit">Show</button>
      </form>
      {props.items.length === 0 ? (
        <p class="empty">No conversations match.</p>
      ) : (
        <TableWrap
          label={`${plural(props.items.length, 'conversation')}, latest activity first (first answer due within ${props.slaHours} h)`}
        >
          <table>
            <caption>{`${plural(props.items.length, 'conversation')}, latest activity first (first answer due within ${props.slaHours} h)`}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Subject</th>
                <th scope="col">Category</th>
                <th scope="col">Status</th>
                <th scope="col">Waiting since</th>
                <th scope="col">Last message</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map(({ conversation: c, subject, unread }) => {
                const overdue =
                  c.waitingSince &&
                  Date.parse(props.now) - Date.parse(c.waitingSince) > props.slaHours * 3600_000;
                return (
                  <tr>
                    <td>{String(c.number)}</td>
                    <td>
                      <a href={`${MESSAGES}/${c.id}`}>{subject}</a>{' '}
                      {unread ? <span class="badge draft">Unread</span> : null}{' '}
                      {c.flagged ? <span class="badge">Flagged</span> : null}{' '}
                      {c.escalated ? <span class="badge">Escalated</span> : null}
                    </td>
                    <td>{CATEGORY_LABELS[c.category]}</td>
                    <td>{STAFF_STATUS[c.status]}</td>
                    <td>
                      {c.waitingSince ? <When at={c.waitingSince} /> : '—'}
                      {overdue ? ' (over SLA)' : ''}
                    </td>
                    <td>
                      <When at={c.lastMessageAt} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
    </ConsoleShell>
  );
}

/** What the conversation page shows. */
export interface StaffConversationData {
  conversation: ConversationRecord;
  subject: string;
  messages: ThreadMessage[];
  person: UserRecord | undefined;
  block: MessagingBlock | undefined;
  staff: UserRecord[];
  teams: TeamRecord[];
  templates: ResponseTemplate[];
  draft: string;
}

/** GET /admin/messages/:id. */
export function StaffConversationPage(props: ConsoleProps & { data: StaffConversationData }) {
  const { data, csrfToken } = props;
  const c = data.conversation;
  const base = `${MESSAGES}/${c.id}`;
  return (
    <ConsoleShell title={`#${c.number} ${data.subject}`} current={MESSAGES} head={LIVE_SCRIPT} {...props}>
      <p>
        <a href={MESSAGES}>Inbox</a>
      </p>
      <p>
        {`From ${data.person ? `${data.person.name} <${data.person.email}> (${data.person.role})` : 'an erased account'} · ${CATEGORY_LABELS[c.category]} · ${STAFF_STATUS[c.status]}`}
        {c.rating ? ` · rated ${c.rating.score}/5` : ''}
        {data.block ? ` · ${data.block.mode} from messaging` : ''}
      </p>
      <ThreadList messages={data.messages} stream={`${base}/events`} side="staff" csrfToken={csrfToken} />
      {data.templates.length ? (
        <form method="get" action={base} class="compact">
          <label for="c-template">Response template</label>
          <select id="c-template" name="template">
            {data.templates.map((t) => (
              <option value={t.id}>{t.name}</option>
            ))}
          </select>
          <button type="submit">Insert into the reply</button>
        </form>
      ) : null}
      <form method="post" action={`${base}/replies`} class="stack">
        <CsrfField token={csrfToken} />
        <label for="c-reply">Reply to the person</label>
        <textarea id="c-reply" name="body" rows={6} maxlength={10000} required>
          {data.draft}
        </textarea>
        <SelectField
          id="c-after"
          name="status"
          label="Then set the status to"
          options={CONVERSATION_STATUSES.map((s) => ({ value: s, label: STAFF_STATUS[s] }))}
          selected="waiting_on_user"
        />
        <button type="submit">Send reply</button>
      </form>
      <form method="post" action={`${base}/notes`} class="stack">
        <CsrfField token={csrfToken} />
        <label for="c-note">Internal note (staff only)</label>
        <textarea id="c-note" name="body" rows={3} maxlength={10000} required></textarea>
        <button type="submit">Add note</button>
      </form>
      <h2>Handling</h2>
      <form method="post" action={`${base}/state`} class="compact">
        <CsrfField token={csrfToken} />
        <SelectField
          id="c-assignee"
          name="assigneeId"
          label="Assignee"
          none="nobody"
          options={data.staff.map((s) => ({ value: s.id, label: s.name }))}
          selected={c.assigneeId}
        />
        <SelectField
          id="c-team"
          name="teamId"
          label="Team"
          none="any staff"
          options={data.teams.map((t) => ({ value: t.id, label: t.name }))}
          selected={c.teamId}
        />
        <SelectField
          id="c-status"
          name="status"
          label="Status"
          options={CONVERSATION_STATUSES.map((s) => ({ value: s, label: STAFF_STATUS[s] }))}
          selected={c.status}
        />
        <span class="check">
          <input id="c-flagged" type="checkbox" name="flagged" checked={c.flagged} />{' '}
          <label for="c-flagged">Flagged</label>
        </span>
        <span class="check">
          <input id="c-escalated" type="checkbox" name="escalated" checked={c.escalated} />{' '}
          <label for="c-escalated">Escalated</label>
        </span>
        <button type="submit">Save</button>
      </form>
      {data.person &&
      data.person.status !== 'erased' &&
      data.person.role !== 'staff' &&
      data.person.role !== 'admin' ? (
        <form method="post" action={`${MESSAGES}/blocks/${data.person.id}`} class="compact">
          <CsrfField token={csrfToken} />
          <input type="hidden" name="conversationId" value={c.id} />
          <label for="c-block">This person's messaging</label>
          <select id="c-block" name="mode">
            <option value="none" selected={!data.block}>
              allowed
            </option>
            <option value="muted" selected={data.block?.mode === 'muted'}>
              muted (every message checked first)
            </option>
            <option value="blocked" selected={data.block?.mode === 'blocked'}>
              blocked (cannot send)
            </option>
          </select>
          <label for="c-block-reason">Reason (for the team)</label>
          <input id="c-block-reason" name="reason" type="text" maxlength={500} />
          <button type="submit">Apply</button>
        </form>
      ) : null}
    </ConsoleShell>
  );
}

/** GET /admin/messages/review. */
export function ReviewQueuePage(
  props: ConsoleProps & {
    held: {
      message: { id: string; createdAt: string; held?: { reason: string } };
      conversation: ConversationRecord;
      text: string;
      author: UserRecord | undefined;
    }[];
    reports: { report: MessageReport; conversation: ConversationRecord; text: string }[];
    blocks: MessagingBlock[];
  },
) {
  const { csrfToken } = props;
  return (
    <ConsoleShell title="Messages: review queue" current={MESSAGES} {...props}>
      <p>
        <a href={MESSAGES}>Inbox</a>
      </p>
      <p>
        <a href={`${MESSAGES}/filter`}>Spam rules and content filter</a>
      </p>
      <h2>Held by the spam filter</h2>
      {props.held.length === 0 ? <p class="empty">Nothing waits for review.</p> : null}
      <ul class="cards">
        {props.held.map(({ message, conversation, text, author }) => (
          <li class="card">
            <p class="message-meta">
              {`#${conversation.number} · ${author?.name ?? 'unknown'} · ${message.held?.reason ?? ''} · `}
              <When at={message.createdAt} />
            </p>
            <p class="message-text">{text}</p>
            <form method="post" action={`${MESSAGES}/review/held/${message.id}`} class="inline-form">
              <CsrfField token={csrfToken} />
              <button type="submit" name="decision" value="release">
                Release
              </button>
              <button type="submit" name="decision" value="delete" class="danger">
                Delete
              </button>
            </form>
          </li>
        ))}
      </ul>
      <h2>Reported messages</h2>
      {props.reports.length === 0 ? <p class="empty">No open reports.</p> : null}
      <ul class="cards">
        {props.reports.map(({ report, conversation, text }) => (
          <li class="card">
            <p class="message-meta">
              <a href={`${MESSAGES}/${conversation.id}`}>{`#${conversation.number}`}</a>
              {` · reported: ${report.reason} · `}
              <When at={report.createdAt} />
            </p>
            <p class="message-text">{text}</p>
            <form method="post" action={`${MESSAGES}/review/reports/${report.id}`} class="inline-form">
              <CsrfField token={csrfToken} />
              <button type="submit" name="outcome" value="dismissed">
                Dismiss
              </button>
              <button type="submit" name="outcome" value="actioned">
                Mark as acted on
              </button>
            </form>
          </li>
        ))}
      </ul>
      <h2>Blocked and muted people</h2>
      {props.blocks.length === 0 ? (
        <p class="empty">Nobody is blocked or muted.</p>
      ) : (
        <ul>
          {props.blocks.map((b) => (
            <li>
              {`${b.userId}: ${b.mode} (${b.reason}) since `}
              <When at={b.at} />
            </li>
          ))}
        </ul>
      )}
    </ConsoleShell>
  );
}
