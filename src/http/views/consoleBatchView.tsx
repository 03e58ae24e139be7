/**
 * One batch in the console: its terms, the issuance tracker (who stands where and why),
 * per-participant staff actions (issue, revoke, re-issue with a corrected name, each with
 * a reason; the consent request sent again to someone waiting for consent), enrolling someone, and the CSV import with its dry run and per-line outcome.
 */
import { CsrfField } from './layout.js';
import { ConsoleShell, TableWrap, When, type ConsoleProps } from './consoleViews.js';
import { batchPath, coursePath, PROGRAMMES } from './consoleProgramsView.js';
import { STATUS_ORDER, type BatchTracker, type TrackerRow } from '../../programs/issuanceTracker.js';
import type { ImportResult } from '../../programs/csvImportRun.js';
import type { ConsentEmail, ConsentRequestState } from '../../programs/consentReminders.js';
import { dateInWords } from '../../verification/verdict.js';
import type { BatchRecord, CourseRecord, EnrolmentStatus } from '../../storage/ports.js';
import { plural } from '../../plural.js';
import type { CertificateRef } from '../../programs/programReads.js';

const STATUS_WORDS: Record<EnrolmentStatus, string> = {
  due: 'Being issued',
  waiting: 'Waiting',
  in_progress: 'In progress',
  issued: 'Issued',
  revoked: 'Revoked',
  missed: 'Missed the deadline',
};

/** A participant's current certificate as the tracker shows it. */
export type { CertificateRef };

/**
 * The certificate number, linked to its public page when that page exists; otherwise to
 * the number lookup on /verify (the number filled in; the holder's surname opens the
 * certificate's verification page), so staff can still see what a verifier sees.
 */
function Certificate({ id, cert }: { id: string | undefined; cert: CertificateRef | undefined }) {
  if (!id || !cert) return <span>—</span>;
  if (cert.isPublic) return <a href={`/c/${encodeURIComponent(id)}`}>{cert.number}</a>;
  return (
    <span>
      <a href={`/verify?id=${encodeURIComponent(cert.number)}`}>{cert.number}</a>
      {' (not public: look it up with the surname)'}
    </span>
  );
}

function ActionForm({
  action,
  label,
  csrfToken,
  withName,
}: {
  action: string;
  label: string;
  csrfToken: string;
  withName?: boolean;
}) {
  return (
    <form method="post" action={action} class="compact">
      <CsrfField token={csrfToken} />
      {withName ? (
        <input
          name="name"
          type="text"
          aria-label="Corrected name (optional)"
          placeholder="Corrected name (optional)"
        />
      ) : null}
      <input
        name="reason"
        type="text"
        aria-label={`Reason to ${label.toLowerCase()}`}
        placeholder="Reason"
        required
      />
      <button type="submit">{label}</button>
    </form>
  );
}

/** One consent request email in words: "sent 7 December 2026", or why it has not gone. */
function emailWords(email: ConsentEmail): string {
  switch (email.status) {
    case 'sent':
      return `sent ${dateInWords(email.sentAt ?? email.queuedAt)}`;
    case 'queued':
      return email.error
        ? `not sent yet (the mail server said: ${email.error}); it is retried`
        : `queued ${dateInWords(email.queuedAt)}, not sent yet`;
    case 'failed':
      return `could not be sent${email.error ? ` (${email.error})` : ''}`;
    case 'cancelled':
      return `cancelled${email.error ? ` (${email.error})` : ''}`;
  }
}

/**
 * Where a participant waiting for consent stands, from the records: since when, whether
 * the request email went, and the last reminder. E.g. "waiting for consent ... since 3
 * December 2026. Request email sent 3 December 2026; reminder sent 5 December 2026."
 */
function consentWords(detail: string, state: ConsentRequestState | undefined): string {
  if (!state) return detail;
  const since = state.waitingSince ? ` since ${dateInWords(state.waitingSince)}` : '';
  const request = state.request
    ? `Request email ${emailWords(state.request)}`
    : `No request email was sent${state.unreachable ? `: ${state.unreachable}` : ''}`;
  const reminder = state.lastReminder
    ? `; ${state.reminders > 1 ? `${plural(state.reminders, 'reminder')}, the last ` : 'reminder '}${emailWords(state.lastReminder)}`
    : '';
  return `${detail}${since}. ${request}${reminder}.`;
}

/**
 * What staff can do for someone waiting for consent: issuing by hand cannot skip it, so
 * instead of a button that would not issue, "Send again" (the request email, now), unless
 * one went under 10 minutes ago or no email can reach them; each says so.
 */
function ConsentActions({
  base,
  state,
  csrfToken,
}: {
  base: string;
  state: ConsentRequestState | undefined;
  csrfToken: string;
}) {
  const agree = 'No need to issue again: the certificate is issued the moment they agree.';
  if (state?.unreachable)
    return <p class="hint">{`${agree} No email can reach them: ${state.unreachable}.`}</p>;
  if (state?.resendFrom)
    return (
      <p class="hint">{`${agree} A request went out less than 10 minutes ago; you can send it again from ${state.resendFrom.slice(11, 16)} UTC.`}</p>
    );
  return (
    <form method="post" action={`${base}/resend-consent`} class="compact">
      <CsrfField token={csrfToken} />
      <p class="hint">{`${agree} Email them the request again:`}</p>
      <button type="submit" class="secondary">
        Send again
      </button>
    </form>
  );
}

function Row({
  row,
  batchId,
  csrfToken,
  certificate,
  consent,
}: {
  row: TrackerRow;
  batchId: string;
  csrfToken: string;
  certificate: CertificateRef | undefined;
  consent: ConsentRequestState | undefined;
}) {
  const base = `${batchPath(batchId)}/participants/${encodeURIComponent(row.userId)}`;
  const waitingForConsent = row.status === 'waiting' && row.waitingOn === 'consent';
  return (
    <tr>
      <th scope="row">{row.name}</th>
      <td data-label="Status">{STATUS_WORDS[row.status]}</td>
      <td data-label="Why">{waitingForConsent ? consentWords(row.detail, consent) : row.detail}</td>
      <td data-label="Certificate">
        <Certificate id={row.credentialId} cert={certificate} />
      </td>
      <td data-label="When">
        <When
          at={
            row.issuedAt ??
            row.dueAt ??
            (waitingForConsent ? consent?.waitingSince : undefined) ??
            row.enrolledAt
          }
        />
      </td>
      <td class="row-actions">
        {row.status === 'issued' ? (
          <>
            <ActionForm action={`${base}/revoke`} label="Revoke" csrfToken={csrfToken} />
            <ActionForm action={`${base}/reissue`} label="Re-issue" csrfToken={csrfToken} withName />
          </>
        ) : row.status === 'due' ? null : waitingForConsent ? (
          <ConsentActions base={base} state={consent} csrfToken={csrfToken} />
        ) : (
          <ActionForm action={`${base}/issue`} label="Issue now" csrfToken={csrfToken} />
        )}
      </td>
    </tr>
  );
}

/** GET /admin/programmes/batches/:id. */
export function BatchPage(
  props: ConsoleProps & {
    batch: BatchRecord;
    course: CourseRecord;
    tracker: BatchTracker;
    certificates: Map<string, CertificateRef>;
    /** Participants waiting for consent: where their request stands. */
    consent: Map<string, ConsentRequestState>;
    templateName?: string | undefined;
    imported?: ImportResult | undefined;
    csv?: string;
  },
) {
  const { batch, course, tracker, certificates, consent, imported, csrfToken } = props;
  const ref = batch.templateRef;
  const c = batch.criteria;
  return (
    <ConsoleShell title={`${course.title}: ${batch.name}`} current={PROGRAMMES} {...props}>
      <p>
        <a href={coursePath(course.id)}>{course.title}</a>
        {` · certificate "${batch.achievement.name}"`}
        {ref ? (
          <>
            {' · template '}
            <a
              href={`/admin/templates/${encodeURIComponent(ref.templateId)}/versions/${ref.version}`}
            >{`${props.templateName ?? ref.templateId}, version ${ref.version}`}</a>
          </>
        ) : (
          ' · built-in design'
        )}
      </p>
      <p>
        {`Criteria: ${c.requiredModules === 'all' ? 'all modules' : `modules ${c.requiredModules.join(', ') || 'none'}`}`}
        {c.assessments.map((a) => `, ${a.assessmentId} ≥ ${a.minScore}`).join('')}
        {c.minParticipation > 0
          ? `, ${plural(c.minParticipation, 'peer review or post', 'peer reviews or posts')}`
          : ''}
        {c.contentApproval ? ', work approved by a reviewer' : ''}
        {c.deadline ? `, by ${c.deadline}` : ''}
        {c.validForDays ? `; valid ${plural(c.validForDays, 'day')}` : ''}
        {batch.holdHours > 0
          ? `; issued ${batch.holdHours} h after the criteria are met`
          : '; issued as soon as the criteria are met'}
      </p>
      <h2>Issuance tracker</h2>
      <p>
        {STATUS_ORDER.map((s) => `${STATUS_WORDS[s]}: ${tracker.counts[s]}`).join(' · ')} ·{' '}
        <a href={`${batchPath(batch.id)}/tracker.csv`}>Download CSV</a>
      </p>
      {tracker.rows.length === 0 ? (
        <p class="empty">Nobody is enrolled yet.</p>
      ) : (
        // On a phone each row becomes a card (styles.css, table.cards-on-phone), so the actions stay on screen.
        <TableWrap label={`${plural(tracker.rows.length, 'participant')}, what needs attention first`}>
          <table class="cards-on-phone">
            <caption>{`${plural(tracker.rows.length, 'participant')}, what needs attention first`}</caption>
            <thead>
              <tr>
                <th scope="col">Participant</th>
                <th scope="col">Status</th>
                <th scope="col">Why</th>
                <th scope="col">Certificate</th>
                <th scope="col">When</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {tracker.rows.map((row) => (
                <Row
                  row={row}
                  batchId={batch.id}
                  csrfToken={csrfToken}
                  certificate={row.credentialId ? certificates.get(row.credentialId) : undefined}
                  consent={consent.get(row.userId)}
                />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h2>Enrol someone</h2>
      <form method="post" action={`${batchPath(batch.id)}/enrol`} class="compact">
        <CsrfField token={csrfToken} />
        <input name="email" type="email" aria-label="Email" placeholder="Email" required />
        <input
          name="name"
          type="text"
          aria-label="Name (for a new account)"
          placeholder="Name (for a new account)"
        />
        <button type="submit">Enrol</button>
      </form>
      <h2>Import a CSV</h2>
      <p class="hint">
        Columns: email, name, modules (all or m1;m2), score:&lt;assessment&gt;, participation, approved
        (yes/no), completed_at. Importing the same file twice issues nothing twice.
      </p>
      <form
        method="post"
        action={`${batchPath(batch.id)}/import`}
        enctype="multipart/form-data"
        class="stack"
      >
        <CsrfField token={csrfToken} />
        <div class="field">
          <label for="f-file">CSV file</label>
          <input id="f-file" name="file" type="file" accept=".csv,text/csv" />
        </div>
        <div class="field">
          <label for="f-csv">Or paste it</label>
          <textarea id="f-csv" name="csv" rows={5}>
            {props.csv ?? ''}
          </textarea>
        </div>
        <button type="submit" name="mode" value="dry-run">
          Dry run
        </button>
        <button type="submit" name="mode" value="import">
          Import
        </button>
      </form>
      {imported ? <ImportOutcomes result={imported} /> : null}
    </ConsoleShell>
  );
}

/** Why a line came out as it did, when the outcome alone does not say. */
const OUTCOME_WHY: Partial<Record<string, string>> = {
  waiting_consent:
    'criteria met; the participant is asked (email and portal) to agree to their name on the certificate, and it is issued when they do',
  waiting_hold: "criteria met; issued when the batch's hold period ends",
};

/** The import's (or dry run's) outcome per line; on a phone each line is a card. */
function ImportOutcomes({ result }: { result: ImportResult }) {
  const caption = `${result.dryRun ? 'Dry run (nothing written)' : 'Imported'}: ${
    Object.entries(result.counts)
      .map(([k, n]) => `${k.replace(/_/g, ' ')} ${n}`)
      .join(', ') || 'no rows'
  }`;
  const lines = [
    ...result.errors.map((e) => ({ line: e.line, email: '', outcome: 'error', why: e.message })),
    ...result.outcomes.map((o) => ({
      line: o.line,
      email: o.email,
      outcome: o.outcome,
      why:
        o.message ??
        (o.missing?.length ? `still missing: ${o.missing.join(', ')}` : (OUTCOME_WHY[o.outcome] ?? '')),
    })),
  ].sort((a, b) => a.line - b.line);
  return (
    <TableWrap label={caption}>
      <table class="cards-on-phone">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Email</th>
            <th scope="col">Outcome</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((o) => (
            <tr>
              <th scope="row">{`Line ${o.line}`}</th>
              <td data-label="Email">{o.email || '—'}</td>
              <td data-label="Outcome">{o.outcome.replace(/_/g, ' ')}</td>
              <td data-label="Why">{o.why || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
