/**
 * /admin/accreditation/types (staff): the accreditation types and their editor. Stages and
 * checklists are written as plain lines, one item per line, so staff change the process
 * without code:
 *
 *   Stage: Document submission
 *   document | Tax clearance | 30 | Issued within the last 12 months
 *   action | Site visit | 60 | Host a visit of our assessor
 *
 * (kind | name | days after the start it is due | guidance). An item keeps its id while its
 * name is unchanged. Saving is versioned (409 when someone saved meanwhile).
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { formFields, render } from './pageKit.js';
import { attempt, pageContext, type NoticeData, type PageStatus } from './consoleKit.js';
import { CsrfField } from '../views/layout.js';
import { ConsoleShell } from '../views/consoleViews.js';
import {
  accreditationTypeFor,
  accreditationTypesFor,
  saveAccreditationType,
  type AccreditationTypeInput,
} from '../../accreditation/accreditationTypes.js';
import { DEFAULT_REVIEW_DAYS } from '../../accreditation/accreditationNotices.js';
import type { AccreditationTypeRecord } from '../../storage/ports.js';
import { plural } from '../../plural.js';

const TYPES = '/admin/accreditation/types';

/** The stages of a type as editable lines. */
function stagesToText(type: Pick<AccreditationTypeRecord, 'stages'>): string {
  return type.stages
    .map((s) =>
      [
        `Stage: ${s.name}`,
        ...s.items.map((i) => `${i.kind} | ${i.name} | ${i.deadlineDays} | ${i.guidance}`),
      ].join('\n'),
    )
    .join('\n\n');
}

/** Parses the stage lines; a 400 naming the line when one is malformed. */
function stagesFromText(text: string, previous?: AccreditationTypeRecord): AccreditationTypeInput['stages'] {
  const stages: AccreditationTypeInput['stages'] = [];
  const oldIds = new Map(
    (previous?.stages ?? []).flatMap((s) => s.items.map((i) => [i.name.toLowerCase(), i.id] as const)),
  );
  const oldStageIds = new Map((previous?.stages ?? []).map((s) => [s.name.toLowerCase(), s.id] as const));
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line) continue;
    const stage = /^stage:\s*(.+)$/i.exec(line);
    if (stage) {
      const id = oldStageIds.get(stage[1]!.trim().toLowerCase());
      stages.push({ ...(id ? { id } : {}), name: stage[1]!.trim(), items: [] });
      continue;
    }
    const parts = line.split('|').map((p) => p.trim());
    const [kind, name, days, ...guidance] = parts;
    if (stages.length === 0)
      throw new AppError('invalid_request', `Line ${index + 1}: start with a "Stage: name" line`);
    if ((kind !== 'document' && kind !== 'action') || !name || !/^\d{1,3}$/.test(days ?? '')) {
      throw new AppError(
        'invalid_request',
        `Line ${index + 1}: write "document | name | days | guidance" or "action | name | days | guidance"`,
      );
    }
    const id = oldIds.get(name.toLowerCase());
    stages.at(-1)!.items.push({
      ...(id ? { id } : {}),
      kind,
      name,
      deadlineDays: Number(days),
      guidance: guidance.join(' | '),
    });
  }
  return stages;
}

function numbers(value: string | undefined, field: string): number[] {
  const parts = (value ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.some((p) => !/^\d{1,3}$/.test(p)))
    throw new AppError('invalid_request', `${field}: whole numbers of days separated by commas`);
  return parts.map(Number);
}

async function page(
  c: Context<AppEnv>,
  editing: AccreditationTypeRecord | undefined,
  values?: Record<string, string>,
  notice?: NoticeData,
  status: PageStatus = 200,
): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const types = await accreditationTypesFor(c.var.deps.accreditation, actor);
  const v =
    values ??
    (editing
      ? {
          name: editing.name,
          description: editing.description,
          validityMonths: String(editing.validityMonths),
          reminderDays: editing.reminderDays.join(', '),
          renewalReminderDays: editing.renewalReminderDays.join(', '),
          reviewDays: String(editing.reviewDays ?? DEFAULT_REVIEW_DAYS),
          active: editing.active ? 'on' : '',
          stages: stagesToText(editing),
          baseVersion: String(editing.version),
        }
      : {
          validityMonths: '24',
          reminderDays: '14, 7, 1',
          renewalReminderDays: '90, 60, 30',
          reviewDays: String(DEFAULT_REVIEW_DAYS),
          active: 'on',
          stages:
            'Stage: Document submission\ndocument | Tax clearance | 30 | Issued within the last 12 months',
          baseVersion: '0',
        });
  const done = c.req.query('done')
    ? {
        kind: 'success' as const,
        text: 'The accreditation type was saved. New applications use it; running ones keep theirs.',
      }
    : undefined;
  return render(
    c,
    <ConsoleShell
      title={editing ? `Accreditation type: ${editing.name}` : 'Accreditation types'}
      current="/admin/accreditation"
      user={user}
      csrfToken={csrfToken}
      notice={notice ?? done}
    >
      <p>
        <a href="/admin/accreditation">Applications</a>
      </p>
      {types.length === 0 ? (
        <p class="empty">
          No accreditation types yet: partners can apply once you save one that is open for applications.
        </p>
      ) : null}
      <ul>
        {types.map((t) => (
          <li>
            <a href={`${TYPES}/${t.id}`}>{t.name}</a>
            {` · version ${t.version} · ${plural(t.stages.length, 'stage')} · valid ${plural(t.validityMonths, 'month')}${t.active ? '' : ' · closed'}`}
          </li>
        ))}
      </ul>
      <h2>{editing ? 'Edit' : 'New accreditation type'}</h2>
      <form method="post" action={editing ? `${TYPES}/${editing.id}` : TYPES} class="stack">
        <CsrfField token={csrfToken} />
        <input type="hidden" name="baseVersion" value={v.baseVersion ?? '0'} />
        <label for="t-name">Name</label>
        <input id="t-name" name="name" type="text" maxlength={200} required value={v.name ?? ''} />
        <label for="t-description">Description</label>
        <textarea id="t-description" name="description" rows={2} maxlength={2000}>
          {v.description ?? ''}
        </textarea>
        <label for="t-validity">Valid for (months)</label>
        <input
          id="t-validity"
          name="validityMonths"
          type="number"
          min={1}
          max={120}
          required
          value={v.validityMonths ?? ''}
        />
        <label for="t-reminders">Remind before each deadline (days)</label>
        <input id="t-reminders" name="reminderDays" type="text" value={v.reminderDays ?? ''} />
        <label for="t-renewal">Remind before the accreditation expires (days)</label>
        <input id="t-renewal" name="renewalReminderDays" type="text" value={v.renewalReminderDays ?? ''} />
        <label for="t-review-days">Feedback on each submitted item within (days)</label>
        <p class="hint" id="t-review-days-hint">
          The review service level: partners see "feedback expected by" this many days after they submit, and
          the reviewers are alerted once when it passes without a decision.
        </p>
        <input
          id="t-review-days"
          name="reviewDays"
          type="number"
          min={1}
          max={90}
          required
          value={v.reviewDays ?? ''}
          aria-describedby="t-review-days-hint"
        />
        <span class="check">
          <input id="t-active" type="checkbox" name="active" checked={v.active === 'on'} />{' '}
          <label for="t-active">Open for applications</label>
        </span>
        <label for="t-stages">Stages and checklist</label>
        <p class="hint" id="t-stages-hint">
          A "Stage: name" line for each stage, in order, then one line per item of its checklist: "document |
          name | days | guidance" for a document the partner uploads, or "action | name | days | guidance" for
          something they confirm they did. Days: how many days after the application starts the item is due.
        </p>
        <textarea id="t-stages" name="stages" rows={12} required aria-describedby="t-stages-hint">
          {v.stages ?? ''}
        </textarea>
        <button type="submit">Save</button>
      </form>
    </ConsoleShell>,
    status,
  );
}

async function save(c: Context<AppEnv>, editing: AccreditationTypeRecord | undefined): Promise<Response> {
  const fields = await formFields(c);
  const result = await attempt(async () =>
    saveAccreditationType(
      c.var.deps.accreditation,
      pageContext(c).actor,
      editing?.id,
      {
        name: fields.name ?? '',
        description: fields.description ?? '',
        validityMonths: Number(fields.validityMonths),
        reminderDays: numbers(fields.reminderDays, 'Remind before each deadline'),
        renewalReminderDays: numbers(fields.renewalReminderDays, 'Remind before the accreditation expires'),
        ...(fields.reviewDays?.trim() ? { reviewDays: Number(fields.reviewDays) } : {}),
        active: fields.active === 'on',
        stages: stagesFromText(fields.stages ?? '', editing),
      },
      Number(fields.baseVersion ?? '0') || 0,
    ),
  );
  if (!result.ok) return page(c, editing, fields, result.notice, result.status);
  return c.redirect(`${TYPES}/${result.value.id}?done=1`, 303);
}

function typeOf(c: Context<AppEnv>): Promise<AccreditationTypeRecord> {
  return accreditationTypeFor(c.var.deps.accreditation, pageContext(c).actor, c.req.param('id')!);
}

/** Routes mounted at /admin/accreditation/types. */
export function accreditationTypeRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', (c) => page(c, undefined))
    .post('/', (c) => save(c, undefined))
    .get('/:id', async (c) => page(c, await typeOf(c)))
    .post('/:id', async (c) => save(c, await typeOf(c)));
}
