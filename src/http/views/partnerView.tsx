/**
 * The partner portal: the partner's own organisation with its members, and the
 * accreditation section: its applications and the form to start one.
 */
import { Layout, Notice } from './layout.js';
import { MembersTable } from './consoleDirectoryView.js';
import { PartnerApplications, type ApplicationSummary } from './accreditationView.js';
import type { AccreditationTypeRecord, OrganisationRecord, UserRecord } from '../../storage/ports.js';

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
}) {
  const { user, csrfToken, organisation, members } = props;
  return (
    <Layout title={organisation ? organisation.name : 'My organisation'} user={user} csrfToken={csrfToken}>
      {organisation ? (
        <section aria-labelledby="members-heading">
          <h2 id="members-heading">Members</h2>
          <MembersTable members={members} />
        </section>
      ) : (
        <Notice kind="info">Your account is not linked to an organisation yet. Ask an administrator to add you to yours.</Notice>
      )}
      <section aria-labelledby="accreditation-heading">
        <h2 id="accreditation-heading">Accreditation</h2>
        {organisation && props.applicationsBase ? (
          <>
            <PartnerApplications items={props.applications ?? []} types={props.types ?? []} csrfToken={csrfToken} base={props.applicationsBase} />
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
          </>
        ) : (
          <p class="empty">No accreditation applications yet. When your organisation applies for accreditation, its milestones, documents and deadlines will appear here.</p>
        )}
      </section>
    </Layout>
  );
}
