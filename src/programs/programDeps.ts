/** What the programmes domain needs, passed in (DESIGN rule 1); built once in createDeps. */
import type { IssueDeps } from '../credentials/issueCredential.js';
import type { NotifyDeps } from '../notifications/notify.js';
import type { StatusDeps } from '../status/statusLists.js';
import type { Stores } from '../storage/ports.js';
import type { Logger } from '../logging/logger.js';

/** Dependencies of src/programs/. */
export interface ProgramDeps {
  stores: Pick<
    Stores,
    | 'courses'
    | 'enrolments'
    | 'submissions'
    | 'files'
    | 'feedback'
    | 'webhookSignatures'
    | 'users'
    | 'consents'
    | 'credentials'
    | 'templates'
    | 'audit'
    | 'outbox'
    | 'notificationSettings'
    | 'corrections'
    | 'scheduledReports'
    | 'surveys'
    | 'badgeImages'
    | 'evidenceConsents'
  >;
  /** Issuing a credential (the same path as POST /credentials/issue). */
  issue: IssueDeps;
  /** Revoking a superseded or withdrawn credential. */
  status: StatusDeps;
  /** Emails to participants go through the durable outbox (templates, language, channels). */
  notifications: NotifyDeps;
  settings: {
    publicUrl: string;
    organisationName: string;
    /** Attach the certificate's PDF to the certificate email (CERTIFICATE_EMAIL_PDF). */
    certificateEmailPdf?: boolean;
  };
  /** The sweep's failures and what it issued (automaticIssuance.ts, issuanceScheduler.ts). */
  logger: Logger;
  now: () => Date;
}
