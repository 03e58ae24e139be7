/** What the trust list needs, passed in (DESIGN rule 1); the app's deps satisfy it as they are. */
import type { Stores } from '../storage/ports.js';

/** Dependencies of src/trust/ (managing the list and partners' DIDs, and the lookup). */
export interface TrustDeps {
  /** `accreditation`, `credentials` and `directory` to decide whether a partner is accredited now. */
  stores: Pick<Stores, 'trust' | 'audit' | 'accreditation' | 'credentials' | 'directory'>;
  now: () => Date;
}
