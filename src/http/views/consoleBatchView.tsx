/**
 * One batch in the console: its terms, the issuance tracker (who stands where and why),
 * per-participant staff actions (issue, revoke, re-issue with a corrected name, each with
 * a reason), enrolling someone, and the CSV import with its dry run and per-line outcome.
 */
import { CsrfField } from './layout.js';
import { ConsoleShell, TableWrap, When, type ConsoleProps } from './consoleViews.js';
import { batchPath, coursePath, PROGRAMMES } from './consoleProgramsView.js';
import { STATUS_ORDER, type BatchTracker, type TrackerRow } from '../../programs/issuanceTracker.js';
import type { ImportResult } from '../../programs/csvImportRun.js';
import type { BatchRecord, CourseRecord, EnrolmentStatus } from '../../storage/ports.js';
import { plural } from '../../plural.js';

const STATUS_WORDS: Record<EnrolmentStatus, string> = {
  due: 'Being issued',
  waiting: 'Waiting',
  in_progress: 'In progress',
  issued: 'Issued',
  revoked: 'Revoked',
  missed: 'Missed the deadline',
};

/** A participant's current certificate as the tracker shows it. */
export interface CertificateRef {
  number: string;
  /** Whether GET /c/:id shows it (issued, public, not redacted). */
  isPublic: boolean;
}

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

function ActionForm({ action, label, csrfToken, withName }: { action: string; label: string; csrfToken: string; withName?: boolean }) {
  return (
    <form method="post" action={action} class="compact">
      <CsrfField token={csrfToken} />
      {withName ? <input name="name" type="text" aria-label="Corrected name (optional)" placeholder="Corrected name (optional)" /> : null}
      <input name="reason" type="text" aria-label={`Reason to ${label.toLowerCase()}`} placeholder="Reason" required />
      <button type="submit">{label}</button>
    </form>
  );
}

function Row({ row, batchId, csrfToken, certificate }: { row: TrackerRow; batchId: string; csrfToken: string; certificate: CertificateRef | undefined }) {
  const base = `${batchPath(batchId)}/participants/${encodeURIComponent(row.userId)}`;
  return (
    <tr>
      <th scope="row">{row.name}</th>
      <td data-label="Status">{STATUS_WORDS[row.status]}</td>
      <td data-label="Why">{row.detail}</td>
      <td data-label="Certificate">
        <Certificate id={row.credentialId} cert={certificate} />
      </td>
      <td data-label="When">
        <When at={row.issuedAt ?? row.dueAt ?? row.enrolledAt} />
      </td>
      <td class="row-actions">
        {row.status === 'issued' ? (
          <>
            <ActionForm action={`${base}/revoke`} label="Revoke" csrfToken={csrfToken} />
            <ActionForm action={`${base}/reissue`} label="Re-issue" csrfToken={csrfToken} withName />
          </>
        ) : row.status === 'due' ? null : row.status === 'waiting' && row.waitingOn === 'consent' ? (
          // Issuing by hand cannot skip the participant's consent: say what happens instead of offering a button that would not issue.
          <p class="hint">Nothing to do: they were asked by email and in their portal, and the certificate is issued the moment they agree.</p>
        ) : (
          <ActionForm action={`${base}/issue`} label="Issue now" csrfToken={csrfToken} />
        )}
      </td>
    </tr>
  );
}

/** GET /admin/programmes/batches/:id. */
export function BatchPage(
  props: ConsoleProps & { batch: BatchRecord; course: CourseRecord; tracker: BatchTracker; certificates: Map<string, CertificateRef>; templateName?: string | undefined; imported?: ImportResult | undefined; csv?: string },
) {
  const { batch, course, tracker, certificates, imported, csrfToken } = props;
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
            <a href={`/admin/templates/${encodeURIComponent(ref.templateId)}/versions/${ref.version}`}>{`${props.templateName ?? ref.templateId}, version ${ref.version}`}</a>
          </>
        ) : (
          ' · built-in design'
        )}
      </p>
      <p>
        {`Criteria: ${c.requiredModules === 'all' ? 'all modules' : `modules ${c.requiredModules.join(', ') || 'none'}`}`}
        {c.assessments.map((a) => `, ${a.assessmentId} ≥ ${a.minScore}`).join('')}
        {c.minParticipation > 0 ? `, ${plural(c.minParticipation, 'peer review or post', 'peer reviews or posts')}` : ''}
        {c.contentApproval ? ', work approved by a reviewer' : ''}
        {c.deadline ? `, by ${c.deadline}` : ''}
        {c.validForDays ? `; valid ${plural(c.validForDays, 'day')}` : ''}
        {batch.holdHours > 0 ? `; issued ${batch.holdHours} h after the criteria are met` : '; issued as soon as the criteria are met'}
      </p>
      <h2>Issuance tracker</h2>
      <p>
        {STATUS_ORDER.map((s) => `${STATUS_WORDS[s]}: ${tracker.counts[s]}`).join(' · ')} · <a href={`${batchPath(batch.id)}/tracker.csv`}>Download CSV</a>
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
                <Row row={row} batchId={batch.id} csrfToken={csrfToken} certificate={row.credentialId ? certificates.get(row.credentialId) : undefined} />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h2>Enrol someone</h2>
      <form method="post" action={`${batchPath(batch.id)}/enrol`} class="compact">
        <CsrfField token={csrfToken} />
        <input name="email" type="email" aria-label="Email" placeholder="Email" required />
        <input name="name" type="text" aria-label="Name (for a new account)" placeholder="Name (for a new account)" />
        <button type="submit">Enrol</button>
      </form>
      <h2>Import a CSV</h2>
      <p class="hint">Columns: email, name, modules (all or m1;m2), score:&lt;assessment&gt;, participation, approved (yes/no), completed_at. Importing the same file twice issues nothing twice.</p>
      <form method="post" action={`${batchPath(batch.id)}/import`} enctype="multipart/form-data" class="stack">
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
  waiting_consent: "criteria met; the participant is asked (email and portal) to agree to their name on the certificate, and it is issued when they do",
  waiting_hold: "criteria met; issued when the batch's hold period ends",
};

/** The import's (or dry run's) outcome per line; on a phone each line is a card. */
function ImportOutcomes({ result }: { result: ImportResult }) {
  const caption = `${result.dryRun ? 'Dry run (nothing written)' : 'Imported'}: ${Object.entries(result.counts).map(([k, n]) => `${k.replace(/_/g, ' ')} ${n}`).join(', ') || 'no rows'}`;
  const lines = [
    ...result.errors.map((e) => ({ line: e.line, email: '', outcome: 'error', why: e.message })),
    ...result.outcomes.map((o) => ({ line: o.line, email: o.email, outcome: o.outcome, why: o.message ?? (o.missing?.length ? `still missing: ${o.missing.join(', ')}` : (OUTCOME_WHY[o.outcome] ?? '')) })),
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
