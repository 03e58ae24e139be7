/**
 * The partner portal: the partner's own organisation with its members, the issuer DID it
 * signs its own credentials with (and whether verification trusts it now) with the form to
 * register it by a signed DID Authentication presentation, and the accreditation section:
 * its applications and the form to start one.
 */
import { CsrfField, Layout, Notice } from './layout.js';
import { MembersTable } from './consoleDirectoryView.js';
import { PartnerApplications, type ApplicationSummary } from './accreditationView.js';
import { When } from './consoleViews.js';
import type { AccreditationTypeRecord, OrganisationRecord, UserRecord } from '../../storage/ports.js';
import type { NoticeData } from '../pages/consoleKit.js';
import { MAX_DID_LENGTH } from '../../jsonld/didSyntax.js';
import {
  MAX_PRESENTATION_CHARS,
  type DidChallenge,
  type PartnerIssuerStanding,
} from '../../trust/partnerIssuers.js';

/** What verification says about the registered DID now, in a sentence. */
function standingText({ trust }: PartnerIssuerStanding): string {
  if (!trust)
    return 'Credentials signed with it show as from an unknown issuer for now: your organisation has no accreditation in force.';
  if (trust.kind === 'listed')
    return `Credentials signed with it show as from a trusted issuer, "${trust.name}" (on this site's trust list).`;
  return `Credentials signed with it show as issued by an accredited SayPro partner until ${trust.until?.slice(0, 10)}.`;
}

/** The shape of the presentation to sign, on one line, with the page's challenge and domain. */
function exampleShape({ challenge, domain }: DidChallenge): string {
  return JSON.stringify({
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    type: ['VerifiablePresentation'],
    holder: '<your DID>',
    proof: {
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'authentication',
      verificationMethod: '<your DID>#<key id>',
      challenge,
      domain,
      proofValue: '...',
    },
  });
}

/** The organisation's issuer DID: what is registered, and the form to register or change it. */
function IssuerDidSection({
  issuer,
  challenge,
  csrfToken,
  value,
}: {
  issuer: PartnerIssuerStanding;
  challenge: DidChallenge;
  csrfToken: string;
  value?: string | undefined;
}) {
  const { registration } = issuer;
  return (
    <section aria-labelledby="issuer-did-heading">
      <h2 id="issuer-did-heading">Issuer DID</h2>
      <p>
        If your organisation issues its own certificates, register the DID it signs them with. While your
        accreditation is in force, this site shows them as issued by an accredited SayPro partner.
      </p>
      {registration ? (
        <>
          <p>
            Registered: <code class="did">{registration.did}</code> (<When at={registration.registeredAt} />)
          </p>
          <p>{standingText(issuer)}</p>
        </>
      ) : (
        <p class="empty">No issuer DID registered.</p>
      )}
      <form method="post" action="/partner/issuer-did" enctype="multipart/form-data" class="stack">
        <CsrfField token={csrfToken} />
        <label for="issuer-did">Your issuer DID</label>
        <p class="hint" id="issuer-did-hint">
          Exactly as your credentials name their issuer, such as did:web:academy.example.org
        </p>
        <input
          id="issuer-did"
          name="did"
          type="text"
          required
          maxlength={MAX_DID_LENGTH}
          value={value ?? registration?.did ?? ''}
          aria-describedby="issuer-did-hint"
          spellcheck={false}
          autocomplete="off"
        />
        <p id="did-proof-how">
          To show that the DID is yours, sign a Verifiable Presentation with your DID's key, with this
          challenge and domain, and paste it here: its holder is your DID and its proof purpose is
          authentication. The challenge works once, and a new one replaces it each time this page loads.
        </p>
        <dl class="facts">
          <dt>Challenge</dt>
          <dd>
            <code id="did-challenge">{challenge.challenge}</code>
          </dd>
          <dt>Domain</dt>
          <dd>
            <code id="did-domain">{challenge.domain}</code>
          </dd>
          <dt>Valid until</dt>
          <dd>
            <When at={challenge.expiresAt} />
          </dd>
        </dl>
        <p class="hint">
          Its shape: <code class="did">{exampleShape(challenge)}</code>
        </p>
        <label for="did-presentation">The signed presentation (JSON)</label>
        <textarea
          id="did-presentation"
          name="presentation"
          rows={6}
          maxlength={MAX_PRESENTATION_CHARS}
          aria-describedby="did-proof-how"
          spellcheck={false}
          autocomplete="off"
        ></textarea>
        <label for="did-presentation-file">Or its .json file</label>
        <input
          id="did-presentation-file"
          name="presentationFile"
          type="file"
          accept=".json,application/json"
        />
        <button type="submit">{registration ? 'Change the DID' : 'Register the DID'}</button>
      </form>
      {registration ? (
        <form method="post" action="/partner/issuer-did/remove" class="compact">
          <CsrfField token={csrfToken} />
          <button type="submit" class="danger">
            Remove the DID
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** GET /partner and /partner/organisations/:id. */
export function PartnerPage(props: {
  user: UserRecord;
  csrfToken: string;
  organisation?: OrganisationRecord;
  members: UserRecord[];
  applications?: ApplicationSummary[];
  types?: AccreditationTypeRecord[];
  applicationsBase?: string;
  /** Quarters whose progress report to link, newest first. */
  reports?: string[];
  /** The organisation's issuer DID and its standing now. */
  issuer?: PartnerIssuerStanding;
  /** The challenge a DID registration on this page signs. */
  challenge?: DidChallenge;
  /** The DID as typed, after a failed attempt. */
  didValue?: string | undefined;
  notice?: NoticeData | undefined;
}) {
  const { user, csrfToken, organisation, members, notice } = props;
  return (
    <Layout title={organisation ? organisation.name : 'My organisation'} user={user} csrfToken={csrfToken}>
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      {organisation ? null : (
        <Notice kind="info">
          Your account is not linked to an organisation yet. Ask an administrator to add you to yours.
        </Notice>
      )}
      {/* The partner's work first: the accreditation; then who is in the organisation; the issuer DID last (only partners that issue their own certificates need it). */}
      <section aria-labelledby="accreditation-heading">
        <h2 id="accreditation-heading">Accreditation</h2>
        {organisation && props.applicationsBase ? (
          <>
            <PartnerApplications
              items={props.applications ?? []}
              types={props.types ?? []}
              csrfToken={csrfToken}
              base={props.applicationsBase}
            />
            {props.reports?.length ? (
              <p>
                {'Progress reports: '}
                {props.reports.map((q, i) => (
                  <>
                    {i > 0 ? ' · ' : ''}
                    <a href={`/partner/reports/${q}`}>{q}</a>
                  </>
                ))}
              </p>
            ) : null}
            <p>
              <a href="/partner/check-ins">Check-ins and coaching calls</a>: upcoming meetings with our team,
              and what was agreed.
            </p>
          </>
        ) : (
          <p class="empty">
            No accreditation applications yet. When your organisation applies for accreditation, its
            milestones, documents and deadlines will appear here.
          </p>
        )}
      </section>
      {organisation ? (
        <section aria-labelledby="members-heading">
          <h2 id="members-heading">Members</h2>
          <p>
            <a href="/partner/organisation">Organisation details: address, contact person, phone, website</a>
          </p>
          <p>
            <a href="/partner/irregularities">Audit irregularities</a>: what an audit found, your responses
            and our decisions.
          </p>
          <MembersTable members={members} />
        </section>
      ) : null}
      {organisation && props.issuer && props.challenge ? (
        <IssuerDidSection
          issuer={props.issuer}
          challenge={props.challenge}
          csrfToken={csrfToken}
          value={props.didValue}
        />
      ) : null}
    </Layout>
  );
}
