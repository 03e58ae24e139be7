/**
 * GET /courses/:id/certificate: how a course's certificate is earned, for participants,
 * employers and anyone weighing the course. Per batch (cohort): what to do, in the words
 * of courseRequirements.ts (which follow the criteria evaluator); then who reviews
 * submitted work and how long it takes, what happens once everything is done, and how
 * to ask for a correction. Built only from the design system's classes.
 */
import { Layout } from './layout.js';
import { When } from './formParts.js';
import type { ShellProps } from './authViews.js';
import { plural } from '../../plural.js';
import type {
  BatchRequirements,
  CourseRequirements,
  ReviewerSummary,
} from '../../programs/courseRequirements.js';

/** Who reviews, by role and count (names are staff data and stay private). */
function reviewersInWords(r: ReviewerSummary): string {
  const assigned: string[] = [];
  if (r.assignedReviewers > 0) assigned.push(plural(r.assignedReviewers, 'reviewer'));
  if (r.assignedStaff > 0) assigned.push(plural(r.assignedStaff, 'staff member'));
  return assigned.length === 0
    ? 'A member of the programme staff reviews your work.'
    : `Your work is reviewed by one of the people assigned to this course (${assigned.join(' and ')}) or by a member of the programme staff.`;
}

function BatchSection({ batch }: { batch: BatchRequirements }) {
  return (
    <section class="card" id={`batch-${batch.id}`} aria-labelledby={`batch-${batch.id}-title`}>
      <h2 id={`batch-${batch.id}-title`}>{batch.name}</h2>
      {batch.startsAt || batch.endsAt ? (
        <p class="hint">
          {'Runs '}
          <When at={batch.startsAt} />
          {' to '}
          <When at={batch.endsAt} />
        </p>
      ) : null}
      <p>{`Certificate: ${batch.achievementName}`}</p>
      <h3>What you must do</h3>
      {batch.lines.length === 0 ? (
        <p>Nothing beyond being enrolled: this certificate comes with your enrolment.</p>
      ) : (
        <ol>
          {batch.lines.map((line) => (
            <li>
              {line.text}
              {line.hint ? <span class="hint">{` ${line.hint}`}</span> : null}
            </li>
          ))}
        </ol>
      )}
      <h3>After that</h3>
      <ul>
        <li>
          The first time, we ask you (by email and in "My courses") to confirm your name as it will be printed
          on the certificate.
        </li>
        <li>
          {batch.holdHours > 0
            ? `The certificate is issued automatically ${plural(batch.holdHours, 'hour')} after you have done everything (time for staff to catch a mistake).`
            : 'The certificate is issued automatically as soon as you have done everything.'}
        </li>
        {batch.validForDays !== undefined ? (
          <li>{`It is valid for ${plural(batch.validForDays, 'day')} from the day it is issued.`}</li>
        ) : null}
      </ul>
      {batch.criteriaNarrative ? (
        <p class="hint">{`As the certificate itself puts it: ${batch.criteriaNarrative}`}</p>
      ) : null}
    </section>
  );
}

/** GET /courses/:id/certificate. */
export function CourseRequirementsView(props: ShellProps & { page: CourseRequirements }) {
  const { page, user } = props;
  const reviewed = page.batches.some((b) => b.contentApproval);
  return (
    <Layout
      title={`How to earn the certificate: ${page.course.title}`}
      user={user}
      csrfToken={props.csrfToken}
    >
      {page.course.description ? <p class="lead">{page.course.description}</p> : null}
      <h2>What to do</h2>
      {page.batches.length === 0 ? (
        <p class="empty">This course has no cohorts yet, so its certificate requirements are not set.</p>
      ) : (
        <>
          {page.batches.length > 1 ? (
            <p>Each cohort of the course has its own requirements: read those of the cohort you are in.</p>
          ) : null}
          <div class="cards">
            {page.batches.map((batch) => (
              <BatchSection batch={batch} />
            ))}
          </div>
        </>
      )}
      <h2>Who reviews and how long it takes</h2>
      {reviewed ? (
        <>
          <p>{reviewersInWords(page.reviewers)}</p>
          <p>
            {`You hear the decision within ${plural(page.reviewDays, 'working day')} of submitting, by email and in "My courses": approved, changes asked for (you then submit again), or not approved, always with the reviewer's feedback.`}
          </p>
        </>
      ) : (
        <p>
          Nobody needs to review your work for this certificate: it is issued as soon as the learning platform
          reports that you have done what is listed.
        </p>
      )}
      <h2>When the certificate is issued</h2>
      <ul>
        <li>
          You receive an email with a link, and the certificate appears in <a href="/me">My certificates</a>{' '}
          when you sign in.
        </li>
        <li>
          It is a signed digital credential: download it as PNG or PDF, add it to a digital wallet or to
          LinkedIn, or share its public page.
        </li>
        <li>
          Anyone, an employer for example, can check it on the <a href="/verify">verification page</a> with
          the file, or with the certificate number and the holder's surname.
        </li>
      </ul>
      <h2>If something is wrong</h2>
      <ul>
        <li>
          Your name is misspelt on the certificate: open it in <a href="/me">My certificates</a> and choose
          "Ask for a name correction". Staff check it; if they agree, you receive a corrected certificate and
          the old one is marked as replaced.
        </li>
        <li>
          Anything else (progress that is missing, a review you disagree with): write to the programme team
          from <a href="/me/messages">Messages</a> once you have signed in.
        </li>
      </ul>
      <p>
        <a href="/me/programmes">See my courses and what I still have to do</a>
      </p>
    </Layout>
  );
}
