/**
 * Audit irregularities on both sides: the list (status as a tag, severity, organisation),
 * one irregularity with its history (what was found and the evidence, every response with
 * its documents, every decision), the staff forms (record one, decide) and the partner's
 * response form (text and a document, multipart). Text from people is rendered as text.
 */
import { CsrfField } from './layout.js';
import { TableWrap, When } from './consoleViews.js';
import { SelectField } from './formParts.js';
import { plural } from '../../plural.js';
import type {
  IrregularityRecord,
  IrregularitySeverity,
  IrregularityStatus,
  OrganisationRecord,
} from '../../storage/ports.js';
import { IRREGULARITY_SEVERITIES } from '../../storage/ports.js';

const STATUS: Record<IrregularityStatus, { text: string; tag: string }> = {
  open: { text: 'waiting for the partner', tag: 'warn' },
  responded: { text: 'responded, waiting for staff', tag: 'info' },
  corrective_action: { text: 'corrective action required', tag: 'warn' },
  escalated: { text: 'escalated, accreditation suspended', tag: 'bad' },
  resolved: { text: 'resolved', tag: 'ok' },
};

const OUTCOME_TEXT: Record<string, string> = {
  resolved: 'Resolved',
  corrective_action: 'Corrective action required',
  escalated: 'Escalated',
};

/** An irregularity's status as a tag. */
function StatusTag({ status }: { status: IrregularityStatus }) {
  const shown = STATUS[status] ?? { text: status, tag: 'neutral' };
  return <span class={`tag ${shown.tag}`}>{shown.text}</span>;
}

/** The list: newest recorded first. */
export function IrregularityTable({
  rows,
  base,
}: {
  rows: { record: IrregularityRecord; organisationName?: string }[];
  base: string;
}) {
  const withOrganisation = rows.some((r) => r.organisationName !== undefined);
  return (
    <TableWrap label={plural(rows.length, 'irregularity', 'irregularities')}>
      <table>
        <caption>{plural(rows.length, 'irregularity', 'irregularities')}</caption>
        <thead>
          <tr>
            {withOrganisation ? <th scope="col">Organisation</th> : null}
            <th scope="col">What was found</th>
            <th scope="col">Severity</th>
            <th scope="col">Status</th>
            <th scope="col">Recorded</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ record, organisationName }) => (
            <tr>
              {withOrganisation ? <td>{organisationName}</td> : null}
              <td>
                <a href={`${base}/${record.id}`}>{record.what}</a>
              </td>
              <td>{record.severity}</td>
              <td>
                <StatusTag status={record.status} />
              </td>
              <td>
                <When at={record.recordedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** One irregularity and its history. */
export function IrregularityDetail({
  record,
  organisationName,
  names,
  base,
  applicationBase,
}: {
  record: IrregularityRecord;
  organisationName: string;
  names: Map<string, string>;
  base: string;
  applicationBase: string;
}) {
  const name = (id: string) => names.get(id) ?? 'a former user';
  const corrective = record.status === 'corrective_action' ? record.decisions.at(-1) : undefined;
  return (
    <>
      <dl class="summary">
        <div>
          <dt>Organisation</dt>
          <dd>{organisationName}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <StatusTag status={record.status} />
            {corrective?.dueAt ? ` · due by ${corrective.dueAt.slice(0, 10)}` : ''}
          </dd>
        </div>
        <div>
          <dt>Severity</dt>
          <dd>{record.severity}</dd>
        </div>
        <div>
          <dt>Recorded</dt>
          <dd>
            <When at={record.recordedAt} />
            {` by ${name(record.recordedBy)}`}
          </dd>
        </div>
        {record.applicationId ? (
          <div>
            <dt>Application</dt>
            <dd>
              <a href={`${applicationBase}/${record.applicationId}`}>The application it was found on</a>
            </dd>
          </div>
        ) : null}
      </dl>
      <h2>Evidence</h2>
      <p class="message-text">{record.evidence}</p>
      <h2>Responses</h2>
      {record.responses.length === 0 ? <p class="empty">No response yet.</p> : null}
      <ol>
        {record.responses.map((r) => (
          <li>
            <p class="message-meta">
              <When at={r.at} />
              {` · ${name(r.by)}`}
            </p>
            <p class="message-text">{r.text}</p>
            {r.documents.length ? (
              <ul>
                {r.documents.map((d) => (
                  <li>
                    <a href={`${base}/${record.id}/files/${d.sha256}`}>
                      {`${d.name} (${Math.ceil(d.size / 1024)} KB)`}
                    </a>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
      <h2>Decisions</h2>
      {record.decisions.length === 0 ? <p class="empty">No decision yet.</p> : null}
      <ol>
        {record.decisions.map((d) => (
          <li>
            <p class="message-meta">
              <When at={d.at} />
              {` · ${name(d.by)} · ${OUTCOME_TEXT[d.outcome] ?? d.outcome}`}
              {d.dueAt ? ` · due by ${d.dueAt.slice(0, 10)}` : ''}
              {d.credentialIds?.length
                ? ` · ${d.outcome === 'escalated' ? 'suspended' : 'reinstated'} ${plural(d.credentialIds.length, 'accreditation credential')}`
                : ''}
            </p>
            <p class="message-text">{d.note}</p>
          </li>
        ))}
      </ol>
    </>
  );
}

/** The staff form that records an irregularity (against an application, when one is given). */
export function RecordIrregularityForm({
  action,
  organisations,
  selected,
  applicationId,
  csrfToken,
}: {
  action: string;
  organisations: OrganisationRecord[];
  selected?: string | undefined;
  applicationId?: string | undefined;
  csrfToken: string;
}) {
  return (
    <form method="post" action={action} class="stack">
      <CsrfField token={csrfToken} />
      {applicationId ? <input type="hidden" name="applicationId" value={applicationId} /> : null}
      <SelectField
        id="irr-organisation"
        name="organisationId"
        label="Partner organisation"
        options={organisations.map((o) => ({ value: o.id, label: o.name }))}
        selected={selected}
      />
      <label for="irr-what">What was found</label>
      <input id="irr-what" name="what" type="text" maxlength={300} required />
      <label for="irr-evidence">Evidence note</label>
      <textarea id="irr-evidence" name="evidence" rows={4} maxlength={5000} required />
      <SelectField
        id="irr-severity"
        name="severity"
        label="Severity"
        options={IRREGULARITY_SEVERITIES.map((s: IrregularitySeverity) => ({ value: s, label: s }))}
        selected="medium"
      />
      <button type="submit">Record the irregularity</button>
    </form>
  );
}

/** The staff decision form. */
export function DecideIrregularityForm({ action, csrfToken }: { action: string; csrfToken: string }) {
  return (
    <form method="post" action={action} class="stack">
      <CsrfField token={csrfToken} />
      <SelectField
        id="irr-outcome"
        name="outcome"
        label="Decision"
        options={[
          { value: 'resolved', label: 'Resolved' },
          { value: 'corrective_action', label: 'Corrective action required (give a date)' },
          { value: 'escalated', label: 'Escalated: suspends the accreditation' },
        ]}
        selected="resolved"
      />
      <label for="irr-due">Corrective action due by (for corrective action)</label>
      <input id="irr-due" name="dueAt" type="date" />
      <label for="irr-note">Note to the partner</label>
      <textarea id="irr-note" name="note" rows={3} maxlength={2000} required />
      <button type="submit">Record the decision</button>
    </form>
  );
}

/** The partner's response form: text and an optional document (multipart). */
export function RespondIrregularityForm({ action, csrfToken }: { action: string; csrfToken: string }) {
  return (
    <form method="post" action={action} enctype="multipart/form-data" class="stack">
      <CsrfField token={csrfToken} />
      <label for="irr-response">Your response</label>
      <textarea id="irr-response" name="text" rows={4} maxlength={5000} required />
      <label for="irr-file">A document (optional: PDF, PNG, JPEG or Office; up to 10 MB)</label>
      <input id="irr-file" name="file" type="file" />
      <button type="submit">Send the response</button>
    </form>
  );
}
