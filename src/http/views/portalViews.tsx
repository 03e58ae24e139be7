/**
 * Views of the participant portal (/me): my certificates with their status, visibility
 * and the wallet copies made from them, and the empty message and notification inboxes. Account pages (profile,
 * sessions, privacy) are in accountViews.tsx.
 */
import type { HeldCredential } from '../../accounts/heldCredentials.js';
import { CsrfField, Layout, Notice } from './layout.js';
import { When } from './formParts.js';
import { summarise } from './credentialSummary.js';
import type { ShellProps } from './authViews.js';
import type { CertificateWithCopies, WalletCopyEntry, WalletHandOff, WalletLink } from '../../exchanges/walletHandOff.js';

/** The status badge of a stored credential (its flags; the public page runs a full check). */
export function StatusBadge({ record }: { record: Pick<HeldCredential, 'revoked' | 'suspended'> }) {
  if (record.revoked) return <span class="badge revoked">Revoked</span>;
  if (record.suspended) return <span class="badge suspended">Suspended</span>;
  return <span class="badge valid">Valid</span>;
}

/** Who can see what, in one sentence, for a public certificate and for a private one. */
export const PUBLIC_MEANS = "Anyone with the link can see this certificate's page, picture and JSON.";
export const PRIVATE_MEANS = 'Only you can see it (and the programme staff). Its verification still works for anyone you send the file to.';

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
function WalletCopyItem({ copy, original }: { copy: WalletCopyEntry<HeldCredential>; original: HeldCredential }) {
  const flags = { revoked: copy.record.revoked || original.revoked, suspended: copy.record.suspended || original.suspended };
  return (
    <li>
      In your wallet: {copy.wallet}, <When at={copy.addedAt} /> · certificate {copy.record.certificateNumber} <StatusBadge record={flags} />
    </li>
  );
}

function CertificateCard({ record, copies, csrfToken }: { record: HeldCredential; copies: WalletCopyEntry<HeldCredential>[]; csrfToken: string }) {
  const summary = summarise(record.credential);
  const id = encodeURIComponent(record.id);
  return (
    <li class="card">
      <h2>{summary.achievementName}</h2>
      <dl class="facts">
        <dt>Certificate number</dt>
        <dd>{record.certificateNumber}</dd>
        <dt>Issued</dt>
        <dd>
          <When at={summary.validFrom ?? record.createdAt} />
        </dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge record={record} />
        </dd>
        <dt>Visibility</dt>
        <dd>
          {record.isPublic ? 'Public' : 'Private'} <VisibilityForm record={record} csrfToken={csrfToken} />
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
      <p class="links">
        {record.isPublic ? (
          <>
            <a href={`/c/${id}`}>Public page</a>
            {' · '}
          </>
        ) : null}
        <a href={`/me/credentials/${id}.json`} download>
          Download (JSON)
        </a>
        {' · '}
        <a href={`/me/credentials/${id}/wallet`}>
          Add to wallet<span class="visually-hidden">{` certificate ${record.certificateNumber}`}</span>
        </a>
      </p>
    </li>
  );
}

/** The list of my certificates, each with the wallet copies made from it. */
export function MyCertificatesView(props: ShellProps & { certificates: CertificateWithCopies<HeldCredential>[]; saved?: boolean; error?: string | undefined }) {
  return (
    <Layout title="My certificates" user={props.user} csrfToken={props.csrfToken}>
      {props.saved ? <Notice kind="success">Your change was saved.</Notice> : null}
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      {props.certificates.length === 0 ? (
        <p class="empty">No certificates yet. When a programme issues you one, it appears here.</p>
      ) : (
        <ul class="cards">
          {props.certificates.map(({ original, copies }) => (
            <CertificateCard record={original} copies={copies} csrfToken={props.csrfToken} />
          ))}
        </ul>
      )}
      <p>
        <a href="/me/profile">Profile and password</a> · <a href="/me/sessions">Signed-in devices</a> · <a href="/me/notifications">Notifications</a>
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
export function WalletView(props: ShellProps & { record: HeldCredential; handOff?: WalletHandOff | undefined; unavailable?: string | undefined }) {
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
            Your wallet receives its own signed copy of this certificate, bound to your wallet's key. Each link works once and until{' '}
            <When at={props.handOff.expiresAt} />; reload this page for new ones.
          </p>
          <ul class="cards">
            <WalletOption title="Learner Credential Wallet" link={props.handOff.lcw} label="Open in Learner Credential Wallet">
              Scan with the Learner Credential Wallet app, or open the link on the phone where it is installed.
            </WalletOption>
            <WalletOption title="Other wallets (OpenID4VCI)" link={props.handOff.oid4vci} label="Open in an OpenID4VCI wallet">
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
