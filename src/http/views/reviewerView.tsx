/**
 * The reviewer portal: the queue of work waiting for review in the courses the reviewer
 * is assigned to, oldest first. Submitted text is shown as text (never as markup), links
 * as text beside a link that sends no referrer, files as downloads; each item has the
 * approve / request changes / reject form with feedback for the participant.
 */
import { CsrfField, Layout, Notice } from './layout.js';
import { When } from './formParts.js';
import type { BatchRecord, CourseRecord, SubmissionRecord, UserRecord } from '../../storage/ports.js';

/** One item of the queue with the names it is shown with. */
export interface QueueItem {
  submission: SubmissionRecord;
  participantName: string;
  batch: BatchRecord;
  course: CourseRecord;
}

function Content({ submission }: { submission: SubmissionRecord }) {
  if (submission.kind === 'text') return <pre class="submission-text">{submission.text}</pre>;
  if (submission.kind === 'link') {
    return (
      <p>
        <a href={submission.url} rel="noopener noreferrer nofollow" target="_blank">
          Open the link
        </a>{' '}
        <code>{submission.url}</code>
      </p>
    );
  }
  return (
    <p>
      <a
        href={`/reviewer/submissions/${encodeURIComponent(submission.id)}/file`}
      >{`Download ${submission.file?.name ?? 'file'}`}</a>
      {` (${submission.file?.mediaType}, ${Math.ceil((submission.file?.size ?? 0) / 1024)} KB)`}
    </p>
  );
}

/** GET /reviewer. */
export function ReviewerPage({
  user,
  csrfToken,
  items,
  notice,
}: {
  user: UserRecord;
  csrfToken: string;
  items: QueueItem[];
  notice?: { kind: 'error' | 'success'; text: string } | undefined;
}) {
  return (
    <Layout title="Review queue" user={user} csrfToken={csrfToken}>
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      {items.length === 0 ? (
        <p class="empty">
          Nothing is waiting for your review. Work submitted in the courses you review will appear here.
        </p>
      ) : (
        <ol class="cards">
          {items.map(({ submission, participantName, batch, course }) => (
            <li class="card">
              <h2>{`${participantName} · ${course.title}: ${batch.name}`}</h2>
              <p class="hint">
                Submitted <When at={submission.submittedAt} />
              </p>
              <Content submission={submission} />
              <form
                method="post"
                action={`/reviewer/submissions/${encodeURIComponent(submission.id)}/decision`}
                class="stack"
              >
                <CsrfField token={csrfToken} />
                <div class="field">
                  <label for={`fb-${submission.id}`}>
                    Feedback for the participant (needed to reject or ask for changes)
                  </label>
                  <textarea id={`fb-${submission.id}`} name="feedback" rows={3} maxlength={4000}></textarea>
                </div>
                <div class="decision-buttons">
                  <button type="submit" name="decision" value="approved">
                    Approve
                  </button>
                  <button type="submit" name="decision" value="changes_requested" class="secondary">
                    Ask for changes
                  </button>
                  <button type="submit" name="decision" value="rejected" class="secondary">
                    Reject
                  </button>
                </div>
              </form>
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}
