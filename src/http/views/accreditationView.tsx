/**
 * Accreditation pages: the partner's list of applications (on /partner), one application
 * as a dashboard (status, completion, stages, every checklist item with its state, due date,
 * documents and staff guidance, outstanding actions first) for the partner and for staff
 * (who also get the review, assignment, check-in and lapse forms), and the staff list with
 * overdue applications first. Text from people is always rendered as text.
 */
import { CsrfField } from './layout.js';
import { TableWrap, When } from './consoleViews.js';
import type {
  AccreditationTypeRecord,
  ApplicationItem,
  ApplicationStatus,
  UserRecord,
} from '../../storage/ports.js';
import type { ApplicationSummary } from '../../accreditation/applicationOverview.js';
import { plural } from '../../plural.js';
import { feedbackDueAt } from '../../accreditation/accreditationNotices.js';
import { AdditionalReviewHistory } from './additionalReviewView.js';

import { ItemForms, StaffForms } from './applicationFormsView.js';
const STATE_LABELS: Record<ApplicationItem['state'], string> = {
  missing: 'missing',
  submitted: 'submitted, waiting for review',
  under_review: 'under review',
  additional_review: 'under additional review',
  approved: 'approved',
  needs_changes: 'needs changes',
};

export const STATUS_LABELS: Record<ApplicationStatus, string> = {
  in_progress: 'in progress',
  approved: 'accredited',
  withdrawn: 'withdrawn',
  lapsed: 'lapsed',
};

/** An application's status in words; a stored status this code does not know is shown as it is. */
export const statusLabel = (status: string): string =>
  Object.hasOwn(STATUS_LABELS, status)
    ? STATUS_LABELS[status as ApplicationStatus]
    : status.replace(/_/g, ' ');

export type { ApplicationSummary } from '../../accreditation/applicationOverview.js';

/** The partner's applications and the start form (inside the /partner page). */
export function PartnerApplications({
  items,
  types,
  csrfToken,
  base,
}: {
  items: ApplicationSummary[];
  types: AccreditationTypeRecord[];
  csrfToken: string;
  base: string;
}) {
  return (
    <>
      {items.length > 0 ? (
        <ApplicationTable items={items} base={base} />
      ) : types.length === 0 ? (
        <>
          <p class="empty">No accreditation is open for applications yet.</p>
          <p>
            When one opens, you start your organisation's application here. It lists the documents to upload
            and the actions to confirm, stage by stage, each with its deadline; our staff review each item and
            tell you if anything needs changing. When every item is approved, your organisation receives a
            verifiable accreditation credential, shown here.
          </p>
          <p>
            Questions in the meantime? <a href="/me/messages">Write to our team</a>.
          </p>
        </>
      ) : (
        <p>
          No applications yet. Choose the accreditation to apply for: the application lists the documents and
          actions of each stage, with their deadlines.
        </p>
      )}
      {types.length ? (
        <form method="post" action={`${base}`} class="compact">
          <CsrfField token={csrfToken} />
          <label for="a-type">Apply for</label>
          <select id="a-type" name="typeId">
            {types.map((t) => (
              <option value={t.id}>{t.name}</option>
            ))}
          </select>
          <button type="submit">Start an application</button>
        </form>
      ) : null}
    </>
  );
}

/** The table of applications, overdue first. */
export function ApplicationTable({ items, base }: { items: ApplicationSummary[]; base: string }) {
  return (
    <TableWrap label={plural(items.length, 'application')}>
      <table>
        <caption>{plural(items.length, 'application')}</caption>
        <thead>
          <tr>
            <th scope="col">Organisation</th>
            <th scope="col">Accreditation</th>
            <th scope="col">Status</th>
            <th scope="col">Complete</th>
            <th scope="col">Next deadline</th>
            <th scope="col">Overdue items</th>
          </tr>
        </thead>
        <tbody>
          {items.map(({ application: a, organisationName, completion, outstanding }) => (
            <tr>
              <td>{organisationName}</td>
              <td>
                <a href={`${base}/${a.id}`}>{`${a.type.name} (cycle ${a.cycle})`}</a>
              </td>
              <td>{statusLabel(a.status)}</td>
              <td>{`${completion}%`}</td>
              <td>{outstanding[0] ? <When at={outstanding.map((o) => o.dueAt).sort()[0]} /> : '—'}</td>
              <td>{String(outstanding.filter((o) => o.overdue).length)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** What an application page shows. */
export interface ApplicationPageData {
  summary: ApplicationSummary;
  side: 'partner' | 'staff';
  base: string;
  people: Map<string, UserRecord | undefined>;
  staff: UserRecord[];
  /** The reader's id: only an item's additional reviewer gets its decision form. */
  viewerId: string;
}

export function ApplicationDetail({ data, csrfToken }: { data: ApplicationPageData; csrfToken: string }) {
  const { application: a, completion, outstanding } = data.summary;
  const name = (id: string) =>
    data.people.get(id)?.name ?? (id === 'system' ? 'the platform' : 'former user');
  return (
    <>
      <p>
        {`${data.summary.organisationName} · ${statusLabel(a.status)} · ${completion}% complete · cycle ${a.cycle} · started `}
        <When at={a.startedAt} />
        {a.validUntil ? (
          <>
            {' · valid until '}
            <When at={a.validUntil} />
          </>
        ) : null}
        {a.endReason ? ` · ${a.endReason}` : ''}
        {a.suspension && a.status === 'approved' ? ' · suspended over an audit irregularity' : ''}
      </p>
      {a.credentialId ? (
        <p>
          <a href={`/c/${encodeURIComponent(a.credentialId)}`}>The accreditation credential</a>
        </p>
      ) : null}
      <h2>Outstanding</h2>
      {outstanding.length === 0 ? (
        <p class="empty">Nothing outstanding.</p>
      ) : (
        <ul>
          {outstanding.map((o) => {
            // An item of a later stage cannot be acted on yet: say when it opens rather than who must act.
            const stageIndex = a.type.stages.findIndex((s) => s.id === o.stageId);
            const notOpen = a.status === 'in_progress' && stageIndex > a.stageIndex;
            return (
              <li>
                {`${o.overdue ? 'OVERDUE: ' : ''}${o.name} (${o.stageName}) · ${STATE_LABELS[o.state]} · `}
                {notOpen
                  ? `opens when stage ${a.stageIndex + 1} is complete · due `
                  : `${o.owner === 'partner' ? 'the partner' : 'staff'} to act by `}
                <When at={o.dueAt} />
                {o.guidance ? ` · guidance: ${o.guidance}` : ''}
              </li>
            );
          })}
        </ul>
      )}
      {a.type.stages.map((stage, index) => {
        const history = a.stageHistory.find((h) => h.stageId === stage.id);
        return (
          <section>
            <h2>{`${index + 1}. ${stage.name}`}</h2>
            <p class="hint">
              {history?.completedAt ? (
                <>
                  {`completed by ${name(history.completedBy ?? '')} on `}
                  <When at={history.completedAt} />
                </>
              ) : history ? (
                'current stage'
              ) : (
                'not started'
              )}
            </p>
            <ul class="cards">
              {stage.items.map((item) => {
                const entry = a.items.find((i) => i.itemId === item.id)!;
                return (
                  <li class="card">
                    <h3>{`${item.name} (${item.kind})`}</h3>
                    <p>
                      {`${STATE_LABELS[entry.state]} · due `}
                      <When at={entry.dueAt} />
                      {(() => {
                        // The review service level: when staff feedback on this submission is due.
                        const feedbackBy = feedbackDueAt(a, entry);
                        return feedbackBy ? (
                          <>
                            {' · feedback expected by '}
                            <time datetime={feedbackBy}>{feedbackBy.slice(0, 10)}</time>
                          </>
                        ) : null;
                      })()}
                    </p>
                    {item.guidance ? <p class="hint">{item.guidance}</p> : null}
                    {entry.documents.length ? (
                      <ul>
                        {entry.documents.map((d) => (
                          <li>
                            {d.mediaType === 'text/plain' ? (
                              `v${d.version}: ${d.note ?? ''}`
                            ) : (
                              <a
                                href={`${data.base}/${a.id}/files/${d.sha256}`}
                              >{`v${d.version}: ${d.name} (${Math.ceil(d.size / 1024)} KB)`}</a>
                            )}
                            {` · ${name(d.uploadedBy)} · `}
                            <When at={d.uploadedAt} />
                            {d.note && d.mediaType !== 'text/plain' ? ` · ${d.note}` : ''}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                    {data.side === 'staff' ? <AdditionalReviewHistory entry={entry} name={name} /> : null}
                    {entry.reviews.map((r) => (
                      <p class="message-meta">
                        {`${r.decision} by ${name(r.by)}${r.guidance ? `: ${r.guidance}` : ''} · `}
                        <When at={r.at} />
                      </p>
                    ))}
                    <ItemForms
                      data={data}
                      item={item}
                      entry={entry}
                      reachable={index <= a.stageIndex}
                      csrfToken={csrfToken}
                    />
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
      <h2>Check-in meetings</h2>
      {a.checkIns.length === 0 ? <p class="empty">None recorded.</p> : null}
      <ul>
        {a.checkIns.map((m) => (
          <li>
            <When at={m.at} />
            {` · ${name(m.by)}${data.side === 'staff' ? ` · ${m.notes}` : ''}`}
          </li>
        ))}
      </ul>
      {data.side === 'staff' && (a.status === 'in_progress' || a.status === 'approved') ? (
        <StaffForms data={data} csrfToken={csrfToken} />
      ) : null}
      {data.side === 'partner' && a.status !== 'in_progress' && !a.feedback ? (
        <form method="post" action={`${data.base}/${a.id}/feedback`} class="compact">
          <CsrfField token={csrfToken} />
          <label for="fb-score">How was this accreditation cycle? (1 poor, 5 excellent)</label>
          <select id="fb-score" name="score">
            {[5, 4, 3, 2, 1].map((n) => (
              <option value={String(n)}>{String(n)}</option>
            ))}
          </select>
          <label for="fb-comment">Comment</label>
          <input id="fb-comment" name="comment" type="text" maxlength={2000} />
          <button type="submit">Send feedback</button>
        </form>
      ) : null}
      {a.feedback ? (
        <p class="hint">{`Feedback on this cycle: ${a.feedback.score}/5${a.feedback.comment ? ` · ${a.feedback.comment}` : ''}`}</p>
      ) : null}
      {data.side === 'partner' && a.status === 'in_progress' ? (
        <form method="post" action={`${data.base}/${a.id}/withdraw`} class="compact danger">
          <CsrfField token={csrfToken} />
          <label for="w-reason">Withdraw the application: reason</label>
          <input id="w-reason" name="reason" type="text" maxlength={500} required />
          <button type="submit">Withdraw</button>
        </form>
      ) : null}
    </>
  );
}
