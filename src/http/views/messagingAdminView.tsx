/**
 * Staff pages for messaging set-up and group messages: the settings (category routing,
 * SLA, office hours and their automatic reply, keyword replies, response templates,
 * retention), the broadcast form with past broadcasts, and one broadcast with each
 * recipient's delivery record.
 */
import { CsrfField } from './layout.js';
import { SelectField } from './formParts.js';
import { ConsoleShell, When, type ConsoleProps, TableWrap } from './consoleViews.js';
import { CATEGORY_LABELS } from './messagesView.js';
import { MESSAGES } from './consoleMessagesView.js';
import {
  BROADCAST_ROLES,
  CONVERSATION_CATEGORIES,
  type BroadcastRecord,
  type CourseRecord,
  type BatchRecord,
  type MessagingSettings,
  type OrganisationRecord,
  type TeamRecord,
} from '../../storage/ports.js';
import type { RecipientDelivery } from '../../messaging/broadcasts.js';
import { plural } from '../../plural.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** GET /admin/messages/settings. */
export function MessagingSettingsPage(
  props: ConsoleProps & { settings: MessagingSettings; teams: TeamRecord[] },
) {
  const { settings, teams, csrfToken } = props;
  const rules = [...settings.autoReplies, { id: '', keywords: [], body: '' }];
  const templates = [...settings.responseTemplates, { id: '', name: '', body: '' }];
  return (
    <ConsoleShell title="Messages: settings" current={MESSAGES} {...props}>
      <p>
        <a href={MESSAGES}>Inbox</a>
      </p>
      <form method="post" action={`${MESSAGES}/settings`} class="stack">
        <CsrfField token={csrfToken} />
        <input type="hidden" name="baseVersion" value={String(settings.version)} />
        <h2>Routing</h2>
        <p class="hint">
          New conversations of a category go to its team; staff of other teams do not see them. Without a
          team, every staff member does.
        </p>
        {CONVERSATION_CATEGORIES.map((category) => (
          <>
            <label for={`s-route-${category}`}>{CATEGORY_LABELS[category]}</label>
            <select id={`s-route-${category}`} name={`route_${category}`}>
              <option value="">any staff</option>
              {teams.map((t) => (
                <option value={t.id} selected={settings.routes[category] === t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </>
        ))}
        <h2>Targets and retention</h2>
        <label for="s-sla">First answer within (hours)</label>
        <input
          id="s-sla"
          name="slaHours"
          type="number"
          min={1}
          max={336}
          value={String(settings.slaHours)}
          required
        />
        <label for="s-retention">Erase resolved conversations after (days, 0 keeps them)</label>
        <input
          id="s-retention"
          name="retentionDays"
          type="number"
          min={0}
          max={3650}
          value={String(settings.retentionDays)}
          required
        />
        <h2>Office hours (UTC)</h2>
        <fieldset>
          <legend>Open on</legend>
          {DAYS.map((day, i) => (
            <span class="check">
              <input
                id={`s-day-${i}`}
                type="checkbox"
                name={`day_${i}`}
                checked={settings.officeHours.days.includes(i)}
              />{' '}
              <label for={`s-day-${i}`}>{day}</label>
            </span>
          ))}
        </fieldset>
        <label for="s-start">From hour</label>
        <input
          id="s-start"
          name="startHour"
          type="number"
          min={0}
          max={23}
          value={String(settings.officeHours.startHour)}
          required
        />
        <label for="s-end">Until hour</label>
        <input
          id="s-end"
          name="endHour"
          type="number"
          min={1}
          max={24}
          value={String(settings.officeHours.endHour)}
          required
        />
        <label for="s-ooh">Automatic reply outside office hours</label>
        <textarea id="s-ooh" name="officeMessage" rows={3} maxlength={2000} required>
          {settings.officeHours.message}
        </textarea>
        <h2>Automatic replies to common questions</h2>
        <p class="hint">
          Sent once, on a new conversation of the category (or any) containing any of the words. Leave the
          reply empty to remove a rule.
        </p>
        {rules.map((rule, i) => (
          <fieldset>
            <legend>{rule.id ? `Rule ${i + 1}` : 'New rule'}</legend>
            <input type="hidden" name={`auto_${i}_id`} value={rule.id} />
            <label for={`s-auto-${i}-category`}>Category</label>
            <select id={`s-auto-${i}-category`} name={`auto_${i}_category`}>
              <option value="">any</option>
              {CONVERSATION_CATEGORIES.map((c) => (
                <option value={c} selected={'category' in rule && rule.category === c}>
                  {CATEGORY_LABELS[c]}
                </option>
              ))}
            </select>
            <label for={`s-auto-${i}-keywords`}>Words (comma-separated)</label>
            <input
              id={`s-auto-${i}-keywords`}
              name={`auto_${i}_keywords`}
              type="text"
              value={rule.keywords.join(', ')}
            />
            <label for={`s-auto-${i}-body`}>Reply</label>
            <textarea id={`s-auto-${i}-body`} name={`auto_${i}_body`} rows={3} maxlength={2000}>
              {rule.body}
            </textarea>
          </fieldset>
        ))}
        <h2>Response templates</h2>
        <p class="hint">
          Placeholders: {'{{userName}}'}, {'{{conversationNumber}}'}, {'{{conversationUrl}}'},{' '}
          {'{{staffName}}'}, {'{{today}}'}, {'{{replyBy}}'}. Leave the text empty to remove one.
        </p>
        {templates.map((template, i) => (
          <fieldset>
            <legend>{template.id ? template.name : 'New template'}</legend>
            <input type="hidden" name={`template_${i}_id`} value={template.id} />
            <label for={`s-template-${i}-name`}>Name</label>
            <input
              id={`s-template-${i}-name`}
              name={`template_${i}_name`}
              type="text"
              maxlength={100}
              value={template.name}
            />
            <label for={`s-template-${i}-body`}>Text</label>
            <textarea id={`s-template-${i}-body`} name={`template_${i}_body`} rows={4} maxlength={5000}>
              {template.body}
            </textarea>
          </fieldset>
        ))}
        <button type="submit">Save settings</button>
      </form>
    </ConsoleShell>
  );
}

/** GET /admin/messages/broadcasts. */
export function BroadcastsPage(
  props: ConsoleProps & {
    broadcasts: { broadcast: BroadcastRecord; subject: string }[];
    organisations: OrganisationRecord[];
    courses: CourseRecord[];
    batches: BatchRecord[];
    values: Record<string, string>;
  },
) {
  const v = props.values;
  return (
    <ConsoleShell title="Messages: broadcasts" current={MESSAGES} {...props}>
      <p>
        <a href={MESSAGES}>Inbox</a>
      </p>
      <p class="hint">
        Each recipient gets their own conversation (they can answer privately) and a notice by email and in
        the portal; each delivery is logged.
      </p>
      <form method="post" action={`${MESSAGES}/broadcasts`} class="stack">
        <CsrfField token={props.csrfToken} />
        <SelectField
          id="b-role"
          name="role"
          label="Role"
          none="any"
          options={BROADCAST_ROLES.map((r) => ({ value: r, label: r }))}
          selected={v.role}
        />
        <SelectField
          id="b-org"
          name="organisationId"
          label="Partner organisation"
          none="any"
          options={props.organisations.map((o) => ({ value: o.id, label: o.name }))}
          selected={v.organisationId}
        />
        <SelectField
          id="b-course"
          name="courseId"
          label="Course"
          none="any"
          options={props.courses.map((c) => ({ value: c.id, label: c.title }))}
          selected={v.courseId}
        />
        <SelectField
          id="b-batch"
          name="batchId"
          label="Batch"
          none="any"
          options={props.batches.map((b) => ({ value: b.id, label: b.name }))}
          selected={v.batchId}
        />
        <label for="b-country">Country (two-letter code, people who gave a location)</label>
        <input id="b-country" name="country" type="text" maxlength={2} value={v.country ?? ''} />
        <label for="b-region">Region of that country</label>
        <input id="b-region" name="region" type="text" maxlength={100} value={v.region ?? ''} />
        <SelectField
          id="b-kind"
          name="kind"
          label="Kind"
          options={[
            { value: 'service', label: 'Service message (everyone matching)' },
            { value: 'marketing', label: 'Marketing (only those who agreed; with an unsubscribe link)' },
          ]}
          selected={v.kind || 'service'}
        />
        <SelectField
          id="b-category"
          name="category"
          label="Category"
          options={CONVERSATION_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))}
          selected={v.category || 'other'}
        />
        <label for="b-subject">Subject</label>
        <input id="b-subject" name="subject" type="text" maxlength={200} required value={v.subject ?? ''} />
        <label for="b-body">Message</label>
        <textarea id="b-body" name="body" rows={6} maxlength={10000} required>
          {v.body ?? ''}
        </textarea>
        <button type="submit">Send to everyone matching</button>
      </form>
      <h2>Sent</h2>
      {props.broadcasts.length === 0 ? (
        <p class="empty">No broadcasts yet.</p>
      ) : (
        <ul>
          {props.broadcasts.map(({ broadcast, subject }) => (
            <li>
              <a href={`${MESSAGES}/broadcasts/${broadcast.id}`}>{subject}</a>
              {` · ${broadcast.kind === 'marketing' ? 'marketing · ' : ''}${plural(broadcast.recipients.length, 'recipient')} · `}
              <When at={broadcast.createdAt} />
            </li>
          ))}
        </ul>
      )}
    </ConsoleShell>
  );
}

const statusOf = (m: RecipientDelivery['email']) =>
  m
    ? m.status === 'queued' && m.attempts > 0
      ? `retrying (${m.attempts})`
      : m.status
    : 'not queued (no account email or inactive)';

/** GET /admin/messages/broadcasts/:id. */
export function BroadcastDetailPage(
  props: ConsoleProps & { broadcast: BroadcastRecord; subject: string; deliveries: RecipientDelivery[] },
) {
  return (
    <ConsoleShell title={`Broadcast: ${props.subject}`} current={MESSAGES} {...props}>
      <p>
        <a href={`${MESSAGES}/broadcasts`}>All broadcasts</a>
      </p>
      <p>
        {`${props.broadcast.kind === 'marketing' ? `Marketing: ${plural(props.broadcast.withoutConsent ?? 0, 'person', 'people')} in the segment without consent left out · ` : ''}${plural(props.deliveries.length, 'recipient')} · sent `}
        <When at={props.broadcast.createdAt} />
      </p>
      <TableWrap label="Messaging settings">
        <table>
          <caption>Delivery per recipient</caption>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Email</th>
              <th scope="col">Portal</th>
              <th scope="col">Conversation</th>
            </tr>
          </thead>
          <tbody>
            {props.deliveries.map((d) => (
              <tr>
                <td>{d.person ? `${d.person.name} <${d.person.email}>` : 'erased account'}</td>
                <td>
                  {d.email ? (
                    <a href={`/admin/communications/${d.email.id}`}>{statusOf(d.email)}</a>
                  ) : (
                    statusOf(d.email)
                  )}
                </td>
                <td>{d.inApp ? (d.inApp.viewedAt ? 'seen' : statusOf(d.inApp)) : '—'}</td>
                <td>
                  <a href={`${MESSAGES}/${d.conversationId}`}>open</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </ConsoleShell>
  );
}
