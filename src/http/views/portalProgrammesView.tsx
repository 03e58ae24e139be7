/**
 * /me/programmes: a participant's courses and where each certificate stands, in plain
 * words: what is still missing, the consent question when only that is left, the date a
 * hold ends, the certificate once issued (with a short survey), and their submitted work
 * with the reviewer's feedback and a form to submit more.
 */
import { CsrfField, Layout, Notice } from './layout.js';
import { When } from './formParts.js';
import type { ShellProps } from './authViews.js';
import { describeMissing } from '../../programs/issuanceTracker.js';
import type { SubmissionRecord } from '../../storage/ports.js';
import type { ProgrammeCard } from '../../programs/programReads.js';

/** One enrolment with what the page shows beside it. */
export type { ProgrammeCard };

const DECISION_WORDS: Record<SubmissionRecord['state'], string> = {
  submitted: 'Waiting for review',
  approved: 'Approved',
  rejected: 'Not approved',
  changes_requested: 'Changes requested',
};

/**
 * What is missing, said to the participant ("your work", not the tracker's "their work"),
 * and where to do it when it is on this page.
 */
function missingForYou(code: string, card: ProgrammeCard): string {
  if (code !== 'content_approval') return describeMissing(code, card.course);
  return card.submissions.some((s) => s.state === 'submitted')
    ? 'a reviewer approving your work (it is waiting for review)'
    : 'a reviewer approving your work (submit it below)';
}

function Status({ card, userName, csrfToken }: { card: ProgrammeCard; userName: string; csrfToken: string }) {
  const { enrolment: e } = card;
  switch (e.status) {
    case 'in_progress':
      return (
        <p>
          {e.missing.length > 0
            ? `Still to do: ${e.missing.map((m) => missingForYou(m, card)).join(', ')}.`
            : 'In progress.'}
        </p>
      );
    case 'waiting':
      return e.waitingOn === 'consent' ? (
        <div class="card consent">
          <p>
            <strong>Your certificate is ready.</strong> {`May we print your name "${userName}" on it?`}
          </p>
          <p class="hint">
            If it is not spelt as you want it, <a href="/me/profile#name">correct your name first</a>.
          </p>
          <form method="post" action="/me/programmes/consent">
            <CsrfField token={csrfToken} />
            <button type="submit">Yes, issue my certificate with this name</button>
          </form>
        </div>
      ) : (
        <p>
          You have met the requirements. Your certificate will be issued on <When at={e.dueAt} />.
        </p>
      );
    case 'due':
      return <p>Your certificate is being issued.</p>;
    case 'issued':
      return (
        <p>
          Your certificate has been issued. <a href="/me">See it in My certificates</a>.
        </p>
      );
    case 'revoked':
      return (
        <p>
          Your certificate from this course was revoked. Contact the programme team if you think this is
          wrong.
        </p>
      );
    case 'missed':
      return <p>The deadline for this course has passed.</p>;
  }
}

function FeedbackForm({ credentialId, csrfToken }: { credentialId: string; csrfToken: string }) {
  return (
    <form method="post" action={`/me/programmes/feedback/${encodeURIComponent(credentialId)}`} class="stack">
      <CsrfField token={csrfToken} />
      <fieldset>
        <legend>How was the course? (1 = poor, 5 = excellent)</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label class="checkbox">
            <input type="radio" name="rating" value={String(n)} required /> {String(n)}
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label for={`comment-${credentialId}`}>Comment (optional)</label>
        <textarea id={`comment-${credentialId}`} name="comment" rows={3} maxlength={2000}></textarea>
      </div>
      <button type="submit">Send feedback</button>
    </form>
  );
}

function SubmissionForm({
  batchId,
  csrfToken,
  text,
}: {
  batchId: string;
  csrfToken: string;
  text?: string | undefined;
}) {
  return (
    <form
      method="post"
      action={`/me/programmes/${encodeURIComponent(batchId)}/submissions`}
      enctype="multipart/form-data"
      class="stack"
    >
      <CsrfField token={csrfToken} />
      <fieldset>
        <legend>Submit your work</legend>
        {(['text', 'link', 'file'] as const).map((kind) => (
          <label class="checkbox">
            <input type="radio" name="kind" value={kind} checked={kind === 'text'} />{' '}
            {kind === 'text'
              ? 'Text'
              : kind === 'link'
                ? 'A link'
                : 'A file (PDF, PNG, JPEG, Office or ZIP, up to 10 MB)'}
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label for={`text-${batchId}`}>Your text (when you submit text)</label>
        <textarea id={`text-${batchId}`} name="text" rows={5}>
          {text ?? ''}
        </textarea>
      </div>
      <div class="field">
        <label for={`url-${batchId}`}>The link (when you submit a link)</label>
        <input id={`url-${batchId}`} name="url" type="url" />
      </div>
      <div class="field">
        <label for={`file-${batchId}`}>The file (when you submit a file)</label>
        <input id={`file-${batchId}`} name="file" type="file" />
      </div>
      <button type="submit">Submit for review</button>
    </form>
  );
}

/**
 * The holder's choice about linking their approved work as the certificate's evidence
 * (src/badges/evidenceConsent.ts): what it means, where it stands, one button to change it.
 */
function EvidenceConsentForm({ card, csrfToken }: { card: ProgrammeCard; csrfToken: string }) {
  const approved = card.submissions.some((s) => s.state === 'approved');
  if (!approved && !card.batch.criteria.contentApproval) return null;
  const issued = card.enrolment.status === 'issued';
  const on = card.evidenceConsent;
  return (
    <form
      method="post"
      action={`/me/programmes/${encodeURIComponent(card.batch.id)}/evidence`}
      class="stack evidence-consent"
    >
      <CsrfField token={csrfToken} />
      <h3>Your work as evidence</h3>
      <p>
        {on
          ? 'You chose to link your approved work from your certificate: anyone who has the certificate can open it.'
          : 'Your approved work is not linked from your certificate. If you link it, anyone who has the certificate can open it.'}
      </p>
      {issued && approved ? (
        <p class="hint">
          Changing this replaces your certificate with a new one (a certificate cannot change once signed);
          the current one will show as replaced.
        </p>
      ) : null}
      <input type="hidden" name="evidence" value={on ? 'off' : 'on'} />
      <button type="submit" class={on ? 'secondary' : undefined}>
        {on ? 'Stop linking my work' : 'Link my approved work'}
        <span class="visually-hidden">{` (${card.course.title}: ${card.batch.name})`}</span>
      </button>
    </form>
  );
}

/** GET /me/programmes. */
export function MyProgrammesView(
  props: ShellProps & {
    cards: ProgrammeCard[];
    notice?: { kind: 'error' | 'success'; text: string } | undefined;
    draft?: { batchId: string; text: string } | undefined;
  },
) {
  const { cards, csrfToken, user } = props;
  return (
    <Layout title="My courses" {...props}>
      {props.notice ? <Notice kind={props.notice.kind}>{props.notice.text}</Notice> : null}
      {cards.length === 0 ? <p class="empty">You are not enrolled in a course yet.</p> : null}
      <ul class="cards">
        {cards.map((card) => (
          <li class="card">
            <h2>{`${card.course.title}: ${card.batch.name}`}</h2>
            <Status card={card} userName={user?.name ?? ''} csrfToken={csrfToken} />
            <p>
              <a
                href={`/courses/${encodeURIComponent(card.course.id)}/certificate#batch-${encodeURIComponent(card.batch.id)}`}
              >
                {`How to earn the certificate of ${card.course.title}`}
              </a>
            </p>
            {card.enrolment.status === 'issued' && card.enrolment.credentialId && !card.feedbackGiven ? (
              card.surveyUrl ? (
                <p>
                  <a href={card.surveyUrl}>Answer the short survey about this course</a>
                </p>
              ) : (
                <FeedbackForm credentialId={card.enrolment.credentialId} csrfToken={csrfToken} />
              )
            ) : null}
            <EvidenceConsentForm card={card} csrfToken={csrfToken} />
            {card.submissions.length > 0 ? (
              <>
                <h3>Your submitted work</h3>
                <ul>
                  {card.submissions.map((s) => (
                    <li>
                      {`${s.kind === 'file' ? s.file?.name : s.kind === 'link' ? s.url : 'Text'} (sent `}
                      <When at={s.submittedAt} />
                      {`): ${DECISION_WORDS[s.state]}`}
                      {s.decisions.at(-1)?.feedback ? (
                        <p class="hint">{`Reviewer: ${s.decisions.at(-1)!.feedback}`}</p>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {card.batch.criteria.contentApproval &&
            ['in_progress', 'missed'].includes(card.enrolment.status) &&
            !card.submissions.some((s) => s.state === 'submitted') ? (
              <SubmissionForm
                batchId={card.batch.id}
                csrfToken={csrfToken}
                text={props.draft?.batchId === card.batch.id ? props.draft.text : undefined}
              />
            ) : null}
          </li>
        ))}
      </ul>
    </Layout>
  );
}
