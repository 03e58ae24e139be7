/**
 * A partner organisation's details (issue 21): the form its members edit them with (every
 * problem shown at once, next to its field), the details as a summary list, and the change
 * history (who, when, each field from old to new) that staff see on its applications.
 * Text from people is always rendered as text.
 */
import { CsrfField } from './layout.js';
import { When } from './consoleViews.js';
import { CheckedField, ErrorSummary, problemFor } from './formProblemsView.js';
import type { FieldProblem } from '../pages/formProblems.js';
import { FIELD_LABELS, type OrganisationDetailsView } from '../../accreditation/organisationDetails.js';
import { ORGANISATION_DETAIL_FIELDS, type OrganisationChangeRecord } from '../../storage/ports.js';

/** The details form; `values` are what was typed after a failed save, else the stored details. */
export function OrganisationDetailsForm({
  view,
  csrfToken,
  action,
  values,
  problems,
}: {
  view: OrganisationDetailsView;
  csrfToken: string;
  action: string;
  values?: Record<string, string> | undefined;
  problems?: FieldProblem[] | undefined;
}) {
  const value = (field: string) =>
    values?.[field] ??
    (field === 'name' ? view.organisation.name : (view.details[field as keyof typeof view.details] ?? ''));
  const error = (field: string) => problemFor(problems, field);
  return (
    <>
      <ErrorSummary problems={problems} />
      <form method="post" action={action} class="stack" novalidate>
        <CsrfField token={csrfToken} />
        <input type="hidden" name="baseVersion" value={values?.baseVersion ?? String(view.version)} />
        <CheckedField
          name="name"
          label="Organisation name"
          value={value('name')}
          autocomplete="organization"
          required
          maxlength={200}
          error={error('name')}
        />
        <CheckedField
          required={false}
          name="address"
          label="Address"
          value={value('address')}
          autocomplete="street-address"
          multiline
          maxlength={500}
          error={error('address')}
        />
        <CheckedField
          required={false}
          name="contactName"
          label="Contact person"
          hint="Whom our accreditation team should ask first"
          value={value('contactName')}
          autocomplete="name"
          maxlength={200}
          error={error('contactName')}
        />
        <CheckedField
          required={false}
          name="contactEmail"
          label="Contact email"
          type="email"
          value={value('contactEmail')}
          autocomplete="email"
          maxlength={320}
          error={error('contactEmail')}
        />
        <CheckedField
          required={false}
          name="phone"
          label="Phone"
          inputmode="tel"
          hint="Such as +27 21 555 0100"
          value={value('phone')}
          autocomplete="tel"
          maxlength={30}
          error={error('phone')}
        />
        <CheckedField
          required={false}
          name="website"
          label="Website"
          type="url"
          hint="Starting https://"
          value={value('website')}
          autocomplete="url"
          maxlength={300}
          error={error('website')}
        />
        <button type="submit">Save the details</button>
      </form>
    </>
  );
}

/** The details as a summary list (empty ones say so). */
function OrganisationDetailsSummary({ view }: { view: OrganisationDetailsView }) {
  return (
    <dl class="summary">
      <div>
        <dt>{FIELD_LABELS.name}</dt>
        <dd>{view.organisation.name}</dd>
      </div>
      {ORGANISATION_DETAIL_FIELDS.map((field) => (
        <div>
          <dt>{FIELD_LABELS[field]}</dt>
          <dd>{view.details[field] ?? 'not given'}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The change history, newest first: who, when, and each field from old to new. */
export function OrganisationChangeHistory({ changes }: { changes: OrganisationChangeRecord[] }) {
  if (changes.length === 0)
    return <p class="empty">The details have not been changed since they were first given.</p>;
  return (
    <ol>
      {changes.map((change) => (
        <li>
          <p class="message-meta">
            <When at={change.at} />
            {` · ${change.byLabel}`}
          </p>
          <ul>
            {change.changes.map((c) => (
              <li>{`${FIELD_LABELS[c.field]}: ${c.from ?? '(empty)'} -> ${c.to ?? '(empty)'}`}</li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

/** The section staff see on an application: the organisation's details and their history. */
export function OrganisationDetailsSection({ view }: { view: OrganisationDetailsView }) {
  return (
    <section aria-labelledby="organisation-details-heading">
      <h2 id="organisation-details-heading">Organisation details</h2>
      <OrganisationDetailsSummary view={view} />
      <h3>Changes to the details</h3>
      <OrganisationChangeHistory changes={view.changes} />
    </section>
  );
}
