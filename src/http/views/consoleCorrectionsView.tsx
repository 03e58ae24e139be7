/**
 * Staff's queue of name corrections: the open requests, oldest first, one row each with
 * one action (open it); a request's page shows the certificate and the two names side by
 * side with "approve" (re-issues) and "refuse" (with a reason the participant reads).
 */
import { ConsoleShell, When, type ConsoleProps, TableWrap } from './consoleViews.js';
import { CsrfField } from './layout.js';
import type { NameCorrectionRecord } from '../../storage/correctionPorts.js';

/** The queue's address. */
export const CORRECTIONS = '/admin/corrections';

const requestPath = (id: string) => `${CORRECTIONS}/${encodeURIComponent(id)}`;

/** GET /admin/corrections */
export function CorrectionsPage(
  props: ConsoleProps & { requests: (NameCorrectionRecord & { personName: string })[] },
) {
  return (
    <ConsoleShell title="Name corrections" current={CORRECTIONS} {...props}>
      <p>
        Participants ask here for the name on an issued certificate to be corrected. Approving re-issues the
        certificate with the new name; the old one shows as replaced.
      </p>
      {props.requests.length === 0 ? (
        <p class="empty">No open requests.</p>
      ) : (
        <TableWrap label="Name correction requests">
          <table>
            <caption>
              {props.requests.length === 1 ? '1 open request' : `${props.requests.length} open requests`},
              oldest first
            </caption>
            <thead>
              <tr>
                <th scope="col">Asked</th>
                <th scope="col">Participant</th>
                <th scope="col">Certificate</th>
                <th scope="col">Name now</th>
                <th scope="col">Asked for</th>
              </tr>
            </thead>
            <tbody>
              {props.requests.map((r) => (
                <tr>
                  <td>
                    <a href={requestPath(r.id)}>
                      <When at={r.createdAt} />
                    </a>
                  </td>
                  <td>{r.personName}</td>
                  <td>{r.certificateNumber}</td>
                  <td>{r.currentName}</td>
                  <td>{r.requestedName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </ConsoleShell>
  );
}

/** GET /admin/corrections/:id */
export function CorrectionPage(
  props: ConsoleProps & {
    request: NameCorrectionRecord;
    personName: string;
    personEmail: string;
    note?: string;
  },
) {
  const r = props.request;
  return (
    <ConsoleShell
      title={`Name correction: certificate ${r.certificateNumber}`}
      current={CORRECTIONS}
      {...props}
    >
      <dl class="facts">
        <dt>Participant</dt>
        <dd>
          {props.personName} ({props.personEmail})
        </dd>
        <dt>Certificate</dt>
        <dd>{r.certificateNumber}</dd>
        <dt>Name now</dt>
        <dd>{r.currentName || '(no name)'}</dd>
        <dt>Asked for</dt>
        <dd>
          <strong>{r.requestedName}</strong>
        </dd>
        <dt>Their reason</dt>
        <dd>{r.reason}</dd>
        <dt>Asked</dt>
        <dd>
          <When at={r.createdAt} />
        </dd>
        <dt>Status</dt>
        <dd>
          {r.status === 'open'
            ? 'Open'
            : r.status === 'approved'
              ? 'Approved: re-issued with the new name'
              : `Refused: ${r.decisionNote ?? ''}`}
          {r.decidedAt ? (
            <>
              {' '}
              (<When at={r.decidedAt} />)
            </>
          ) : null}
        </dd>
      </dl>
      {r.status === 'open' ? (
        <div class="decision-forms">
          <form method="post" action={`${requestPath(r.id)}/approve`} class="stack">
            <CsrfField token={props.csrfToken} />
            <button type="submit">Approve and re-issue with "{r.requestedName}"</button>
          </form>
          <form method="post" action={`${requestPath(r.id)}/refuse`} class="stack">
            <CsrfField token={props.csrfToken} />
            <div class="field">
              <label for="field-note">Why not (the participant reads this)</label>
              <textarea id="field-note" name="note" rows={3} maxlength={500} required>
                {props.note ?? ''}
              </textarea>
            </div>
            <button type="submit" class="secondary">
              Refuse
            </button>
          </form>
        </div>
      ) : null}
      <p>
        <a href={CORRECTIONS}>Back to the name corrections</a>
      </p>
    </ConsoleShell>
  );
}
