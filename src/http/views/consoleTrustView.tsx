/**
 * The console's trust list (admins): the issuers this site vouches for, each with edit
 * and remove; the form to add one; the JSON export and import; and the DIDs accredited
 * partners registered, with whether their credentials count as trusted right now. Dates
 * are shown and entered as days (UTC); text from people is always rendered as text.
 */
import { CsrfField } from './layout.js';
import { ConsoleShell, TableWrap, When, type ConsoleProps } from './consoleViews.js';
import type { TrustedIssuerRecord, TrustImportOutcome } from '../../storage/ports.js';
import type { PartnerIssuerRow } from '../../trust/trustOverview.js';
import type { PartnerIssuerStanding } from '../../trust/partnerIssuers.js';
import { LIMITS } from '../../trust/trustedIssuerInput.js';
import { MAX_DID_LENGTH } from '../../jsonld/didSyntax.js';
import { plural } from '../../plural.js';

export const TRUST = '/admin/trust';

/** The entry form's values as typed (strings; blank when unset). */
export type EntryFormValues = Partial<
  Record<'did' | 'name' | 'url' | 'note' | 'validFrom' | 'validUntil', string>
>;

/** A stored entry as form values (its instants as the days they fall on). */
export function formValuesOf(entry: TrustedIssuerRecord): EntryFormValues {
  return {
    did: entry.did,
    name: entry.name,
    url: entry.url ?? '',
    note: entry.note ?? '',
    validFrom: entry.validFrom?.slice(0, 10) ?? '',
    validUntil: entry.validUntil?.slice(0, 10) ?? '',
  };
}

const day = (at: string | undefined) => at?.slice(0, 10);

/** "from 2026-01-01 until 2027-06-30", "until ...", "always". */
function validity(entry: TrustedIssuerRecord): string {
  if (!entry.validFrom && !entry.validUntil) return 'no end date';
  return [
    entry.validFrom ? `from ${day(entry.validFrom)}` : '',
    entry.validUntil ? `until ${day(entry.validUntil)}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** The fields of an entry; the DID is fixed once listed (remove and add to change it). */
function EntryFields({
  values,
  prefix,
  fixedDid,
}: {
  values: EntryFormValues;
  prefix: string;
  fixedDid?: boolean;
}) {
  return (
    <>
      {fixedDid ? (
        <>
          <input type="hidden" name="did" value={values.did ?? ''} />
          <p>
            DID: <code>{values.did}</code>
          </p>
        </>
      ) : (
        <div class="field">
          <label for={`${prefix}-did`}>DID</label>
          <p class="hint" id={`${prefix}-did-hint`}>
            The issuer's DID exactly as its credentials name it, such as did:web:example.org
          </p>
          <input
            id={`${prefix}-did`}
            name="did"
            type="text"
            required
            maxlength={MAX_DID_LENGTH}
            value={values.did ?? ''}
            aria-describedby={`${prefix}-did-hint`}
            spellcheck={false}
            autocomplete="off"
          />
        </div>
      )}
      <div class="field">
        <label for={`${prefix}-name`}>Name (shown to people verifying its credentials)</label>
        <input
          id={`${prefix}-name`}
          name="name"
          type="text"
          required
          maxlength={LIMITS.name}
          value={values.name ?? ''}
        />
      </div>
      <div class="field">
        <label for={`${prefix}-url`}>Website (https, optional)</label>
        <input
          id={`${prefix}-url`}
          name="url"
          type="text"
          inputmode="url"
          maxlength={LIMITS.url}
          value={values.url ?? ''}
          placeholder="https://"
        />
      </div>
      <div class="field">
        <label for={`${prefix}-note`}>Why it is trusted (optional)</label>
        <textarea id={`${prefix}-note`} name="note" rows={3} maxlength={LIMITS.note}>
          {values.note ?? ''}
        </textarea>
      </div>
      <div class="field">
        <label for={`${prefix}-from`}>Valid from (optional)</label>
        <input id={`${prefix}-from`} name="validFrom" type="date" value={values.validFrom ?? ''} />
      </div>
      <div class="field">
        <label for={`${prefix}-until`}>Valid until, inclusive (optional)</label>
        <input id={`${prefix}-until`} name="validUntil" type="date" value={values.validUntil ?? ''} />
      </div>
    </>
  );
}

function EntryTable({ entries, csrfToken }: { entries: TrustedIssuerRecord[]; csrfToken: string }) {
  if (entries.length === 0) return <p class="empty">No issuers are on the trust list yet.</p>;
  return (
    <TableWrap label={`${plural(entries.length, 'trusted issuer')}, by name`}>
      <table>
        <caption>{`${plural(entries.length, 'trusted issuer')}, by name`}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">DID</th>
            <th scope="col">Valid</th>
            <th scope="col">Why</th>
            <th scope="col">Changed</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr>
              <td>
                {entry.url ? (
                  <a href={entry.url} rel="noopener noreferrer">
                    {entry.name}
                  </a>
                ) : (
                  entry.name
                )}
              </td>
              <td>
                <code>{entry.did}</code>
              </td>
              <td>{validity(entry)}</td>
              <td>{entry.note ?? ''}</td>
              <td>
                <When at={entry.updatedAt} />
              </td>
              <td>
                <a href={`${TRUST}/edit?did=${encodeURIComponent(entry.did)}`}>{`Edit ${entry.name}`}</a>
                <form method="post" action={`${TRUST}/remove`} class="compact">
                  <CsrfField token={csrfToken} />
                  <input type="hidden" name="did" value={entry.did} />
                  <button type="submit" class="danger">{`Remove ${entry.name}`}</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function PartnerTable({ partners }: { partners: PartnerIssuerRow[] }) {
  if (partners.length === 0) return <p class="empty">No partner has registered an issuer DID yet.</p>;
  return (
    <TableWrap label="Partners' issuer DIDs, newest first">
      <table>
        <caption>Partners' issuer DIDs, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Organisation</th>
            <th scope="col">DID</th>
            <th scope="col">Registered</th>
            <th scope="col">Standing now</th>
          </tr>
        </thead>
        <tbody>
          {partners.map(({ registration, organisationName, trust }) => (
            <tr>
              <td>{organisationName}</td>
              <td>
                <code>{registration.did}</code>
              </td>
              <td>
                <When at={registration.registeredAt} />
              </td>
              <td>
                {!trust
                  ? 'unknown: no accreditation in force'
                  : trust.kind === 'listed'
                    ? `trusted: on the list as ${trust.name}`
                    : `trusted: accredited until ${day(trust.until)}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** What the trust list page shows. */
export interface TrustListData {
  entries: TrustedIssuerRecord[];
  partners: PartnerIssuerRow[];
  /** The add form's values after a failed attempt. */
  form?: EntryFormValues | undefined;
  /** What an import just did. */
  imported?: TrustImportOutcome | undefined;
}

/** GET/POST /admin/trust. */
export function TrustListPage(props: ConsoleProps & TrustListData) {
  const { entries, partners, form, imported, csrfToken } = props;
  return (
    <ConsoleShell title="Trust list" current={TRUST} {...props}>
      <p>
        Credentials signed by an issuer on this list verify as issued by a trusted issuer, under the name
        given here, while the entry is valid. Any other issuer (except this site and accredited partners)
        shows as unknown.
      </p>
      {imported && imported.added.length + imported.updated.length > 0 ? (
        <section aria-labelledby="imported-heading">
          <h2 id="imported-heading">What the import changed</h2>
          <ul>
            {imported.added.map((did) => (
              <li>
                Added <code>{did}</code>
              </li>
            ))}
            {imported.updated.map((did) => (
              <li>
                Updated <code>{did}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <EntryTable entries={entries} csrfToken={csrfToken} />
      <section aria-labelledby="add-heading">
        <h2 id="add-heading">Add a trusted issuer</h2>
        <form method="post" action={TRUST} class="stack">
          <CsrfField token={csrfToken} />
          <EntryFields values={form ?? {}} prefix="add" />
          <button type="submit">Add to the trust list</button>
        </form>
      </section>
      <section aria-labelledby="file-heading">
        <h2 id="file-heading">Export and import</h2>
        <p>
          <a href={`${TRUST}/export`} download>
            Download the trust list (JSON)
          </a>
        </p>
        <form method="post" action={`${TRUST}/import`} enctype="multipart/form-data" class="stack">
          <CsrfField token={csrfToken} />
          <label for="import-file">Trust list file (JSON, as downloaded here)</label>
          <p class="hint" id="import-hint">
            New DIDs are added and listed ones replaced. If anything in the file is wrong, nothing is
            imported.
          </p>
          <input
            id="import-file"
            name="file"
            type="file"
            accept="application/json,.json"
            required
            aria-describedby="import-hint"
          />
          <button type="submit">Import</button>
        </form>
      </section>
      <section aria-labelledby="partners-heading">
        <h2 id="partners-heading">Accredited partners</h2>
        <p>
          Partners register the DID they issue their own credentials with; those credentials count as trusted
          while the partner's accreditation is in force.
        </p>
        <PartnerTable partners={partners} />
      </section>
    </ConsoleShell>
  );
}

/** GET/POST /admin/trust/edit. */
export function TrustEntryEditPage(props: ConsoleProps & { values: EntryFormValues }) {
  const { values, csrfToken } = props;
  return (
    <ConsoleShell title={`Edit ${values.name || 'trusted issuer'}`} current={TRUST} {...props}>
      <p>
        <a href={TRUST}>The whole trust list</a>
      </p>
      <form method="post" action={`${TRUST}/edit`} class="stack">
        <CsrfField token={csrfToken} />
        <EntryFields values={values} prefix="edit" fixedDid />
        <button type="submit">Save</button>
      </form>
    </ConsoleShell>
  );
}

/** The partner's registered issuer DID, for staff on an application page. */
export function RegisteredIssuerDid({ issuer }: { issuer: PartnerIssuerStanding }) {
  const { registration, trust } = issuer;
  return (
    <section aria-labelledby="issuer-did-heading">
      <h2 id="issuer-did-heading">Issuer DID</h2>
      {registration ? (
        <p>
          The partner registered <code>{registration.did}</code> (<When at={registration.registeredAt} />
          ).{' '}
          {trust
            ? trust.kind === 'listed'
              ? `Trusted now: on the trust list as ${trust.name}.`
              : `Trusted now, as an accredited partner until ${day(trust.until)}.`
            : 'Not trusted now: no accreditation of this partner is in force.'}
        </p>
      ) : (
        <p class="empty">The partner has not registered an issuer DID.</p>
      )}
    </section>
  );
}
