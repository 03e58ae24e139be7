/**
 * Conversations as people see them (/me/messages): their list with the new-conversation
 * form and the policy, and one thread with the reply form, the survey invitation once resolved, and a
 * report button on the team's messages. Message text is always rendered as text (JSX
 * escapes it; the live script inserts it with textContent), never as HTML. The thread
 * list is shared with the staff view.
 */
import { CsrfField, Layout } from './layout.js';
import { When } from './consoleViews.js';
import type { ShellProps } from './authViews.js';
import type { ConversationRecord } from '../../storage/ports.js';
import type { ConversationSummary, ThreadMessage } from '../../messaging/conversationReads.js';
import { CONVERSATION_CATEGORIES } from '../../storage/ports.js';
import { conversationSurveyPath } from '../../surveys/conversationSurveyInvite.js';

/** Category names as people read them. */
export const CATEGORY_LABELS: Record<(typeof CONVERSATION_CATEGORIES)[number], string> = {
  account: 'My account',
  payment: 'Payments',
  content_moderation: 'Content moderation',
  ad_placement: 'Ad placement',
  certificates: 'Certificates',
  accreditation: 'Accreditation',
  other: 'Something else',
};

const STATUS_LABELS: Record<ConversationRecord['status'], string> = {
  open: 'Open',
  waiting_on_user: 'Waiting for your reply',
  resolved: 'Resolved',
};

export const LIVE_SCRIPT = <script src="/assets/messages.js" defer></script>;

/** The messages of a thread; `stream` makes new ones appear live. */
export function ThreadList({
  messages,
  stream,
  side,
  csrfToken,
}: {
  messages: ThreadMessage[];
  stream?: string | undefined;
  side: 'user' | 'staff';
  csrfToken: string;
}) {
  const last = messages.at(-1)?.createdAt ?? '';
  return (
    <ol
      class="thread"
      data-stream={stream ? `${stream}?after=${encodeURIComponent(last)}` : undefined}
      aria-live="polite"
    >
      {messages.map((m) => (
        <li class={`message ${m.kind}${m.mine ? ' mine' : ''}`} data-message-id={m.id}>
          <p class="message-meta">
            <strong>{m.authorName}</strong> · <When at={m.createdAt} />
            {m.kind === 'auto' ? ' · automatic reply' : ''}
            {m.kind === 'note' ? ' · internal note (the person does not see it)' : ''}
            {m.heldReason ? ` · waiting for review (${m.heldReason})` : ''}
          </p>
          <p class="message-text">{m.text}</p>
          {side === 'user' && m.authorRole === 'staff' ? (
            <details class="report">
              <summary>Report this message</summary>
              <ReportForm messageId={m.id} action="/me/messages/reports" csrfToken={csrfToken} />
            </details>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** The form reporting one message. */
function ReportForm({
  messageId,
  action,
  csrfToken,
}: {
  messageId: string;
  action: string;
  csrfToken: string;
}) {
  return (
    <form method="post" action={action} class="compact">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="messageId" value={messageId} />
      <label for={`r-${messageId}`}>What is wrong with it?</label>
      <input id={`r-${messageId}`} name="reason" type="text" maxlength={500} required />
      <button type="submit">Report</button>
    </form>
  );
}

function Policy({ policy }: { policy: string[] }) {
  return (
    <details>
      <summary>How messages work</summary>
      <ul>
        {policy.map((p) => (
          <li>{p}</li>
        ))}
      </ul>
    </details>
  );
}

/** GET /me/messages. */
export function MyMessagesView(
  props: ShellProps & {
    conversations: ConversationSummary[];
    policy: string[];
    values?: Record<string, string>;
    error?: string | undefined;
    notice?: string | undefined;
  },
) {
  const v = props.values ?? {};
  return (
    <Layout title="Messages" user={props.user} csrfToken={props.csrfToken}>
      {props.notice ? (
        <p class="notice success" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.error ? (
        <p class="notice error" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.conversations.length === 0 ? (
        <p class="empty">No conversations yet. Write to the team below; we answer within one working day.</p>
      ) : (
        <ul class="cards">
          {props.conversations.map(({ conversation, subject, unread }) => (
            <li class="card">
              <h2>
                <a href={`/me/messages/${conversation.id}`}>{`#${conversation.number} ${subject}`}</a>{' '}
                {unread ? <span class="badge draft">New reply</span> : null}
              </h2>
              <p class="hint">
                {`${CATEGORY_LABELS[conversation.category]} · ${STATUS_LABELS[conversation.status]} · last message `}
                <When at={conversation.lastMessageAt} />
              </p>
            </li>
          ))}
        </ul>
      )}
      <h2>Write to the team</h2>
      <form method="post" action="/me/messages" class="stack">
        <CsrfField token={props.csrfToken} />
        <label for="m-category">About</label>
        <select id="m-category" name="category">
          {CONVERSATION_CATEGORIES.map((c) => (
            <option value={c} selected={v.category === c}>
              {CATEGORY_LABELS[c]}
            </option>
          ))}
        </select>
        <label for="m-subject">Subject</label>
        <input id="m-subject" name="subject" type="text" maxlength={200} required value={v.subject ?? ''} />
        <label for="m-body">Message</label>
        <textarea id="m-body" name="body" rows={6} maxlength={10000} required>
          {v.body ?? ''}
        </textarea>
        <button type="submit">Send</button>
      </form>
      <Policy policy={props.policy} />
      <h2>Delete my message history</h2>
      <form method="post" action="/me/messages/erase" class="compact danger">
        <CsrfField token={props.csrfToken} />
        <label for="m-erase">Type ERASE to delete every conversation and message for good</label>
        <input id="m-erase" name="confirmation" type="text" required />
        <button type="submit">Delete my messages</button>
      </form>
    </Layout>
  );
}

/** GET /me/messages/:id. */
export function ConversationView(
  props: ShellProps & {
    conversation: ConversationRecord;
    subject: string;
    messages: ThreadMessage[];
    error?: string | undefined;
    notice?: string | undefined;
    draft?: string;
  },
) {
  const { conversation } = props;
  const base = `/me/messages/${conversation.id}`;
  return (
    <Layout
      title={`#${conversation.number} ${props.subject}`}
      user={props.user}
      csrfToken={props.csrfToken}
      head={LIVE_SCRIPT}
    >
      <p>
        <a href="/me/messages">All my conversations</a>
      </p>
      <p class="hint">{`${CATEGORY_LABELS[conversation.category]} · ${STATUS_LABELS[conversation.status]}`}</p>
      {props.notice ? (
        <p class="notice success" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.error ? (
        <p class="notice error" role="alert">
          {props.error}
        </p>
      ) : null}
      <ThreadList
        messages={props.messages}
        stream={`${base}/events`}
        side="user"
        csrfToken={props.csrfToken}
      />
      <form method="post" action={`${base}/replies`} class="stack">
        <CsrfField token={props.csrfToken} />
        <label for="m-reply">Reply</label>
        <textarea id="m-reply" name="body" rows={4} maxlength={10000} required>
          {props.draft ?? ''}
        </textarea>
        <button type="submit">Send</button>
      </form>
      {conversation.status === 'resolved' && !conversation.rating ? (
        <section class="card">
          <h2>How did we do?</h2>
          <p>
            This conversation is resolved. Tell us how clear, quick and helpful we were: it takes a minute,
            and you answer once for this conversation.
          </p>
          <p>
            <a class="button" href={conversationSurveyPath(conversation.id)}>
              Answer the survey
            </a>
          </p>
        </section>
      ) : null}
      {conversation.rating ? (
        <p class="hint">{`You rated how helpful we were ${conversation.rating.score} of 5. Thank you.`}</p>
      ) : null}
    </Layout>
  );
}
