/**
 * The forms on an application's page: per item, the partner's upload or confirmation and
 * the staff's review and additional review; for the whole application, the staff's
 * assignment, check-in notes and ending (lapse or withdraw).
 */
import { CsrfField } from './layout.js';
import { SelectField } from './formParts.js';
import type { ApplicationItem, ChecklistItem } from '../../storage/ports.js';
import { awaitsReview, openAdditionalReview } from '../../accreditation/additionalReview.js';
import { AdditionalReviewForm } from './additionalReviewView.js';

import type { ApplicationPageData } from './accreditationView.js';

export function ItemForms({
  data,
  item,
  entry,
  reachable,
  csrfToken,
}: {
  data: ApplicationPageData;
  item: ChecklistItem;
  entry: ApplicationItem;
  reachable: boolean;
  csrfToken: string;
}) {
  const a = data.summary.application;
  const action = `${data.base}/${a.id}/items/${item.id}`;
  if (a.status !== 'in_progress' || entry.state === 'approved') return null;
  if (data.side === 'partner') {
    if (!reachable || awaitsReview(entry)) return null;
    return item.kind === 'document' ? (
      <form method="post" action={`${action}/documents`} enctype="multipart/form-data" class="compact">
        <CsrfField token={csrfToken} />
        <label for={`f-${item.id}`}>{`${item.name}: the file (PDF, PNG, JPEG or Office; up to 10 MB)`}</label>
        <input id={`f-${item.id}`} name="file" type="file" required />
        <label for={`n-${item.id}`}>Note (optional)</label>
        <input id={`n-${item.id}`} name="note" type="text" maxlength={2000} />
        <button type="submit">Upload</button>
      </form>
    ) : (
      <form method="post" action={`${action}/confirm`} class="compact">
        <CsrfField token={csrfToken} />
        <label for={`c-${item.id}`}>What was done</label>
        <input id={`c-${item.id}`} name="note" type="text" maxlength={2000} required />
        <button type="submit">Confirm</button>
      </form>
    );
  }
  if (!awaitsReview(entry)) return null;
  const additional = openAdditionalReview(entry);
  if (additional && additional.reviewerId !== data.viewerId) return null;
  return (
    <>
      <form method="post" action={`${action}/review`} class="compact">
        <CsrfField token={csrfToken} />
        {entry.state === 'submitted' ? (
          <button type="submit" name="decision" value="under_review">
            Take up for review
          </button>
        ) : null}
        <label for={`g-${item.id}`}>Guidance for the partner (required to reject or ask)</label>
        <input id={`g-${item.id}`} name="guidance" type="text" maxlength={2000} />
        <button type="submit" name="decision" value="approved">
          Approve
        </button>
        <button type="submit" name="decision" value="clarification">
          Ask for clarification
        </button>
        <button type="submit" name="decision" value="rejected" class="danger">
          Reject
        </button>
      </form>
      {additional ? null : (
        <AdditionalReviewForm
          action={`${data.base}/${a.id}/additional-review`}
          idSuffix={item.id}
          itemId={item.id}
          staff={data.staff}
          viewerId={data.viewerId}
          csrfToken={csrfToken}
        />
      )}
    </>
  );
}

/** One application: the dashboard, with the forms of the reader's side. */

export function StaffForms({ data, csrfToken }: { data: ApplicationPageData; csrfToken: string }) {
  const a = data.summary.application;
  const base = `${data.base}/${a.id}`;
  return (
    <>
      {a.items.filter((i) => i.state === 'submitted' || i.state === 'under_review').length > 1 ? (
        <AdditionalReviewForm
          action={`${base}/additional-review`}
          idSuffix="all"
          staff={data.staff}
          viewerId={data.viewerId}
          csrfToken={csrfToken}
        />
      ) : null}
      <form method="post" action={`${base}/assign`} class="compact">
        <CsrfField token={csrfToken} />
        <SelectField
          id="s-assign"
          name="staffId"
          label="Assigned staff"
          none="nobody"
          options={data.staff.map((s) => ({ value: s.id, label: s.name }))}
          selected={a.assignedStaffId}
        />
        <button type="submit">Assign</button>
      </form>
      <form method="post" action={`${base}/check-ins`} class="compact">
        <CsrfField token={csrfToken} />
        <label for="s-checkin">Check-in meeting notes</label>
        <input id="s-checkin" name="notes" type="text" maxlength={5000} required />
        <button type="submit">Record</button>
      </form>
      <form method="post" action={`${base}/end`} class="compact danger">
        <CsrfField token={csrfToken} />
        <label for="s-end">End: reason</label>
        <input id="s-end" name="reason" type="text" maxlength={500} required />
        <button type="submit" name="outcome" value="lapsed">
          Mark lapsed (revokes the credential)
        </button>
        <button type="submit" name="outcome" value="withdrawn">
          Withdraw
        </button>
      </form>
    </>
  );
}
