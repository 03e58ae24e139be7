/** The reviewer portal: the review queue (an empty state until content approval lands). */
import { Layout } from './layout.js';
import type { UserRecord } from '../../storage/ports.js';

/** GET /reviewer. */
export function ReviewerPage({ user, csrfToken }: { user: UserRecord; csrfToken: string }) {
  return (
    <Layout title="Review queue" user={user} csrfToken={csrfToken}>
      <p class="empty">Nothing is waiting for your review. Course content and certificate templates sent for approval will appear here.</p>
    </Layout>
  );
}
