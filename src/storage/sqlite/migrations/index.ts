/**
 * Every SQLite migration, in order. A migration's version is its place in this list
 * (1, 2, 3, ...), and a file's user_version is the last one applied to it. Append only:
 * never edit, reorder or remove one that has shipped.
 */
import type { SqliteMigration } from '../migrate.js';
import { baseline } from './001_baseline.js';
import { accreditationNotices } from './002_accreditation_notices.js';
import { checkIns } from './003_check_ins.js';
import { scheduledReports } from './004_scheduled_reports.js';
import { surveys } from './005_surveys.js';
import { messagingPreferences } from './006_messaging_preferences.js';
import { marketingConsent } from './007_marketing_consent.js';
import { monitoring } from './008_monitoring.js';
import { additionalReview } from './009_additional_review.js';
import { conversationFeedback } from './010_conversation_feedback.js';
import { badgeDisplay } from './011_badge_display.js';
import { ob3OAuth } from './012_ob3_oauth.js';
import { backpack } from './013_backpack.js';
import { backpackConnections } from './014_backpack_connections.js';
import { messageSearch } from './015_message_search.js';

export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  baseline,
  accreditationNotices,
  checkIns,
  scheduledReports,
  surveys,
  messagingPreferences,
  marketingConsent,
  monitoring,
  additionalReview,
  conversationFeedback,
  badgeDisplay,
  ob3OAuth,
  backpack,
  backpackConnections,
  messageSearch,
];
