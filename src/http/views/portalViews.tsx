/**
 * Views of the participant portal (/me): my certificates with their status, visibility
 * and the wallet copies made from them, and the empty message and notification inboxes. Account pages (profile,
 * sessions, privacy) are in accountViews.tsx.
 */
import type { HeldCredential } from '../../accounts/heldCredentials.js';
import { BadgeDetails } from './badgeDetailsView.js';
import { CsrfField, Layout, Notice } from './layout.js';
import { Field, PostForm, When } from './formParts.js';
import { summarise } from './credentialSummary.js';
import type { ShellProps } from './authViews.js';
import type { WalletCopyEntry, WalletHandOff, WalletLink } from '../../exchanges/walletHandOff.js';
import type { MyCertificate } from '../../accounts/myCertificates.js';
import type { ShownBackpackItem } from '../../backpack/backpackDisplay.js';
import { BackpackSection } from './backpackViews.js';

/** The status badge of a stored credential (its flags; the public page runs a full check). */
function StatusBadge({ record }: { record: Pick<HeldCredential, 'revoked' | 'suspended'> }) {
  if (record.revoked) return <span class="badge revoked">Revoked</span>;
  if (record.suspended) return <span class="badge suspended">Suspended</span>;
  return <span class="badge valid">Valid</span>;
}

/** Who can see what, in one sentence, for a public certificate and for a private one. */
const PUBLIC_MEANS = "Anyone with the link can see this certificate's page, picture and JSON.";
const PRIVATE_MEANS =
  'Only you can see it (and the programme staff). Its verification still works for anyone you send the file to.';

function VisibilityForm({ record, csrfToken }: { record: HeldCredential; csrfToken: string }) {
  const id = encodeURIComponent(record.id);
  return (
    <form method="post" action={`/me/credentials/${id}/visibility`} class="inline-form">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="public" value={record.isPublic ? 'false' : 'true'} />
      <button type="submit" class="small">
        {record.isPublic ? 'Make private' : 'Make public'}
        <span class="visually-hidden">{` certificate ${record.certificateNumber}`}</span>
      </button>
    </form>
  );
}

/**
 * One wallet copy under its original. It shows revoked or suspended when its original is,
 * whatever its own flags say (an older copy may lack the status entry to follow it).
 */
function WalletCopyItem({
  copy,
  original,
}: {
  copy: WalletCopyEntry<HeldCredential>;
  original: HeldCredential;
}) {
  const flags = {
    revoked: copy.record.revoked || original.revoked,
    suspended: copy.record.suspended || original.suspended,
  };
  return (
    <li>
      In your wallet: {copy.wallet}, <When at={copy.addedAt} /> · certificate {copy.record.certificateNumber}{' '}
      <StatusBadge record={flags} />
    </li>
  );
}

/** The state of a certificate in words, as a tag. */
const STATE_TAGS: Record<MyCertificate['state'], { label: string; className: string }> = {
  valid: { label: 'Valid', className: 'valid' },
  suspended: { label: 'Suspended', className: 'suspended' },
  revoked: { label: 'Revoked', className: 'revoked' },
  replaced: { label: 'Replaced', className: 'revoked' },
  expired: { label: 'Expired', className: 'suspended' },
};

function StateTag({ state }: { state: MyCertificate['state'] }) {
  const tag = STATE_TAGS[state];
  return <span class={`badge ${tag.className}`}>{tag.label}</span>;
}

/** Where the newest name correction request about a certificate stands, if there is one worth saying. */
function CorrectionNote({ certificate }: { certificate: MyCertificate }) {
  const request = certificate.correction;
  if (!request || (request.status === 'approved' && certificate.state === 'replaced')) return null;
  if (request.status === 'open') {
    return (
      <p class="notice info">
        You asked on <When at={request.createdAt} /> for the name to read "{request.requestedName}". Staff
        have not answered yet.
      </p>
    );
  }
  if (request.status === 'refused') {
    return (
      <p class="notice info">
        Your request to change the name to "{request.requestedName}" was refused on{' '}
        <When at={request.decidedAt} />: {request.decisionNote}
      </p>
    );
  }
  return null;
}

/**
 * One certificate: its picture, facts and what can be done with it. The holder always has
 * the files; wallet, LinkedIn and a public page only for a valid certificate (a revoked,
 * suspended, replaced or expired one would only be refused or mislead).
 */
function CertificateCard({ certificate, csrfToken }: { certificate: MyCertificate; csrfToken: string }) {
  const { original: record, copies, state } = certificate;
  const summary = summarise(record.credential);
  const id = encodeURIComponent(record.id);
  const files = `/me/credentials/${id}`;
  const number = <span class="visually-hidden">{` of certificate ${record.certificateNumber}`}</span>;
  return (
    <li class="card certificate-card" id={`certificate-${record.certificateNumber}`}>
      <a href={`${files}.png`} class="certificate-picture">
        <img
          src={`${files}.png`}
          alt={`Certificate ${record.certificateNumber}: ${summary.achievementName}`}
          width="1123"
          height="794"
          loading="lazy"
        />
      </a>
      <h2>
        {summary.achievementName} <StateTag state={state} />
      </h2>
      {state === 'replaced' ? (
        <p class="notice info">
          Replaced
          {certificate.replacement ? (
            <>
              {' by '}
              <a href={`#certificate-${certificate.replacement.certificateNumber}`}>
                certificate {certificate.replacement.certificateNumber}
              </a>
            </>
          ) : null}
          . Share the new one; this one no longer verifies as valid.
        </p>
      ) : null}
      {state === 'revoked' ? (
        <p class="notice error">
          Revoked{record.statusReason ? `: ${record.statusReason}` : ''}. It no longer verifies as valid.
        </p>
      ) : null}
      {state === 'suspended' ? (
        <p class="notice error">
          Suspended for now{record.statusReason ? `: ${record.statusReason}` : ''}. It does not verify as
          valid until it is reinstated.
        </p>
      ) : null}
      {state === 'expired' ? (
        <p class="notice info">This certificate has expired; it verifies as expired.</p>
      ) : null}
      <CorrectionNote certificate={certificate} />
      <BadgeDetails badge={certificate.badge} headingLevel={3} />
      <dl class="facts">
        <dt>Name on the certificate</dt>
        <dd>{summary.recipientName ?? '(no name)'}</dd>
        <dt>Certificate number</dt>
        <dd>{record.certificateNumber}</dd>
        <dt>Issued</dt>
        <dd>
          <When at={summary.validFrom ?? record.createdAt} />
        </dd>
        <dt>Visibility</dt>
        <dd>
          {record.isPublic ? 'Public' : 'Private'}{' '}
          {record.isPublic || state === 'valid' ? (
            <VisibilityForm record={record} csrfToken={csrfToken} />
          ) : null}
          <p class="hint">{record.isPublic ? PUBLIC_MEANS : PRIVATE_MEANS}</p>
        </dd>
        {copies.length > 0 ? (
          <>
            <dt>Wallet copies</dt>
            <dd>
              <ul class="wallet-copies">
                {copies.map((copy) => (
                  <WalletCopyItem copy={copy} original={record} />
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
      {state === 'valid' ? (
        <p class="links">
          <a href={`${files}/wallet`} class="button small">
            Add to wallet<span class="visually-hidden">{` certificate ${record.certificateNumber}`}</span>
          </a>{' '}
          {certificate.correction?.status !== 'open' ? (
            <a href={`${files}/correction`} class="button small secondary">
              Correct the name
              <span class="visually-hidden">{` on certificate ${record.certificateNumber}`}</span>
            </a>
          ) : null}{' '}
          {certificate.linkedInUrl ? (
            <a href={certificate.linkedInUrl} class="button small secondary" rel="noopener" target="_blank">
              Add to LinkedIn profile
              <span class="visually-hidden">{` certificate ${record.certificateNumber}`}</span>
            </a>
          ) : null}
        </p>
      ) : null}
      {/* p.links is a wrapping flex row: each link is an item spaced by the gap (no separators, which would float alone). */}
      <p class="links">
        <span>Download{number}:</span>
        <a href={`${files}.pdf`} download>
          PDF
        </a>
        <a href={`${files}.png`} download>
          PNG
        </a>
        <a href={`${files}-baked.png`} download>
          Badge image (PNG with the credential inside)
        </a>
        <a href={`${files}.json`} download>
          JSON
        </a>
      </p>
      <p>
        <a href={certificate.verificationUrl}>Verification link</a> (send it to an employer; it works whether
        the certificate is public or private)
        {record.isPublic ? (
          <>
            {' · '}
            <a href={`/c/${id}`}>Public page</a>
          </>
        ) : null}
      </p>
      <p>
        <a href={`/me/backpack-links?credential=${encodeURIComponent(record.id)}`}>
          Send to my backpack
          <span class="visually-hidden">{` certificate ${record.certificateNumber}`}</span>
        </a>{' '}
        on another site (Open Badges 3.0)
      </p>
    </li>
  );
}

/** The list of my certificates, each with the wallet copies made from it. */
export function MyCertificatesView(
  props: ShellProps & {
    certificates: MyCertificate[];
    /** Credentials from other issuers (the newest few, verified as shown). */
    backpack?: { entries: ShownBackpackItem[]; total: number };
    saved?: string | undefined;
    error?: string | undefined;
  },
) {
  return (
    <Layout title="My certificates" user={props.user} csrfToken={props.csrfToken}>
      {props.saved ? <Notice kind="success">{props.saved}</Notice> : null}
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      {props.certificates.length === 0 ? (
        <p class="empty">No certificates yet. When a programme issues you one, it appears here.</p>
      ) : (
        <ul class="cards certificate-grid">
          {props.certificates.map((certificate) => (
            <CertificateCard certificate={certificate} csrfToken={props.csrfToken} />
          ))}
        </ul>
      )}
      {props.backpack ? <BackpackSection {...props.backpack} csrfToken={props.csrfToken} /> : null}
      <p>
        <a href="/me/programmes">My courses</a>: where each certificate stands, and how each course's
        certificate is earned.
      </p>
      <p>
        <a href="/me/profile">Profile and password</a> · <a href="/me/sessions">Signed-in devices</a> ·{' '}
        <a href="/me/notifications">Notifications</a>
      </p>
    </Layout>
  );
}

function WalletOption(props: { title: string; link: WalletLink; label: string; children?: unknown }) {
  return (
    <li class="card">
      <h2>{props.title}</h2>
      <p>{props.children}</p>
      <img src={props.link.qr} width="240" height="240" alt={`QR code: ${props.label}`} />
      <p class="links">
        <a href={props.link.href}>{props.label}</a>
      </p>
    </li>
  );
}

/**
 * Add one certificate to a wallet: the Learner Credential Wallet deep link and an
 * OpenID4VCI offer, each with a QR code to scan from a phone. `unavailable` explains why
 * there are no links (a revoked or suspended certificate).
 */
export function WalletView(
  props: ShellProps & {
    record: HeldCredential;
    handOff?: WalletHandOff | undefined;
    unavailable?: string | undefined;
  },
) {
  const summary = summarise(props.record.credential);
  return (
    <Layout title="Add to wallet" user={props.user} csrfToken={props.csrfToken}>
      <p>
        {summary.achievementName} · certificate {props.record.certificateNumber}
      </p>
      {props.unavailable || !props.handOff ? (
        <Notice kind="error">{props.unavailable ?? 'This certificate cannot be added to a wallet.'}</Notice>
      ) : (
        <>
          <p>
            Your wallet receives its own signed copy of this certificate, bound to your wallet's key. Each
            link works once and until <When at={props.handOff.expiresAt} />; reload this page for new ones.
          </p>
          <ul class="cards">
            <WalletOption
              title="Learner Credential Wallet"
              link={props.handOff.lcw}
              label="Open in Learner Credential Wallet"
            >
              Scan with the Learner Credential Wallet app, or open the link on the phone where it is
              installed.
            </WalletOption>
            <WalletOption
              title="Other wallets (OpenID4VCI)"
              link={props.handOff.oid4vci}
              label="Open in an OpenID4VCI wallet"
            >
              Scan with a wallet that accepts OpenID for Verifiable Credential Issuance offers.
            </WalletOption>
          </ul>
        </>
      )}
      <p>
        <a href="/me">Back to my certificates</a>
      </p>
    </Layout>
  );
}

/**
 * Ask for the name on a certificate to be corrected: the name as it is, the name as it
 * should be, and why; staff decide, and approval re-issues the certificate.
 */
export function NameCorrectionView(
  props: ShellProps & {
    record: HeldCredential;
    currentName: string;
    values?: { name?: string; reason?: string };
    error?: string | undefined;
  },
) {
  const summary = summarise(props.record.credential);
  const id = encodeURIComponent(props.record.id);
  return (
    <Layout title="Correct the name on a certificate" user={props.user} csrfToken={props.csrfToken}>
      <p>
        {summary.achievementName} · certificate {props.record.certificateNumber}
      </p>
      <dl class="facts">
        <dt>Name on the certificate now</dt>
        <dd>{props.currentName || '(no name)'}</dd>
      </dl>
      <p>
        Staff check the request. If they agree, you receive a new certificate with the corrected name, and
        this one is marked as replaced (anyone checking it is sent to the new one). Your profile name changes
        with it.
      </p>
      <PostForm
        action={`/me/credentials/${id}/correction`}
        csrfToken={props.csrfToken}
        error={props.error}
        submit="Send the request"
      >
        <Field
          name="name"
          label="The name as it should appear"
          value={props.values?.name}
          required
          autocomplete="name"
        />
        <div class="field">
          <label for="field-reason">What is wrong with the name now</label>
          <p class="hint" id="field-reason-hint">
            For example: misspelt, missing a second name, or changed since. At most 500 characters.
          </p>
          <textarea
            id="field-reason"
            name="reason"
            rows={3}
            maxlength={500}
            required
            aria-describedby="field-reason-hint"
          >
            {props.values?.reason ?? ''}
          </textarea>
        </div>
      </PostForm>
      <p>
        <a href="/me">Back to my certificates</a>
      </p>
    </Layout>
  );
}
