/**
 * Additional review on an application page (staff side): the form that sends one item, or
 * every item waiting for review, to a second reviewer with a reason, and each item's
 * additional reviews (who asked whom, why, by when, and the outcome). The partner sees only
 * the item's state ("under additional review") and the date a decision is expected.
 */
import { CsrfField } from './layout.js';
import { When } from './consoleViews.js';
import { SelectField } from './formParts.js';
import type { ApplicationItem, UserRecord } from '../../storage/ports.js';

const DECISION_WORDS: Record<string, string> = {
  approved: 'approved',
  rejected: 'sent back (rejected)',
  clarification: 'sent back (clarification asked)',
};

/** Sends an item (`itemId`) or the whole application to additional review. */
export function AdditionalReviewForm({
  action,
  idSuffix,
  staff,
  viewerId,
  itemId,
  csrfToken,
}: {
  action: string;
  idSuffix: string;
  staff: UserRecord[];
  viewerId: string;
  itemId?: string;
  csrfToken: string;
}) {
  const others = staff.filter((s) => s.id !== viewerId);
  if (others.length === 0) return null;
  return (
    <form method="post" action={action} class="compact">
      <CsrfField token={csrfToken} />
      {itemId ? <input type="hidden" name="itemId" value={itemId} /> : null}
      <SelectField
        id={`ar-reviewer-${idSuffix}`}
        name="reviewerId"
        label={itemId ? 'Additional reviewer' : 'Additional reviewer for every item waiting for review'}
        options={others.map((s) => ({ value: s.id, label: s.name }))}
        selected={undefined}
      />
      <label for={`ar-reason-${idSuffix}`}>Why it needs an additional review</label>
      <input id={`ar-reason-${idSuffix}`} name="reason" type="text" maxlength={1000} required />
      <button type="submit">{itemId ? 'Send to additional review' : 'Send all to additional review'}</button>
    </form>
  );
}

/** An item's additional reviews, oldest first (staff only). */
export function AdditionalReviewHistory({
  entry,
  name,
}: {
  entry: ApplicationItem;
  name: (id: string) => string;
}) {
  return (
    <>
      {(entry.additionalReviews ?? []).map((r) => (
        <p class="message-meta">
          {`Additional review by ${name(r.reviewerId)}, asked by ${name(r.requestedBy)}: ${r.reason} · `}
          {r.decidedAt ? (
            <>
              {`${DECISION_WORDS[r.decision ?? ''] ?? 'decided'} `}
              <When at={r.decidedAt} />
            </>
          ) : (
            <>
              {'decision expected by '}
              <When at={r.dueAt} />
            </>
          )}
        </p>
      ))}
    </>
  );
}
