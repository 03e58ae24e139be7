/** What the accreditation domain needs, passed in (DESIGN rule 1); built once in createDeps. */
import type { IssueDeps } from '../credentials/issueCredential.js';
import type { NotifyDeps } from '../notifications/notify.js';
import type { StatusDeps } from '../status/statusLists.js';
import type { Stores } from '../storage/ports.js';

/** Dependencies of src/accreditation/. */
export interface AccreditationDeps {
  /** `files` for the blob store that keeps uploaded files by checksum. */
  stores: Pick<
    Stores,
    | 'accreditation'
    | 'users'
    | 'directory'
    | 'audit'
    | 'files'
    | 'credentials'
    | 'checkIns'
    | 'organisationDetails'
    | 'irregularities'
  >;
  /** Issuing the accreditation credential (the same path as every certificate). */
  issue: IssueDeps;
  /** Revoking it on lapse or withdrawal. */
  status: StatusDeps;
  notifications: NotifyDeps;
  publicUrl: string;
  now: () => Date;
  /** Days without activity before a partner is prompted about its application (default 14). */
  inactivityDays?: number;
}
