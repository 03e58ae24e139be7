/**
 * Every MongoDB migration, in order. Ids are `NNN_name`, NNN being the place in this list
 * (001, 002, ...); the `migrations` collection records which ones a database has. Append
 * only: never edit, reorder or remove one that has shipped.
 */
import type { MongoMigration } from '../migrate.js';
import { baseline } from './001_baseline.js';
import { checkIns } from './002_check_ins.js';
import { additionalReview } from './003_additional_review.js';
import { badgeDisplay } from './004_badge_display.js';
import { ob3OAuth } from './005_ob3_oauth.js';
import { backpack } from './006_backpack.js';
import { surveyResponses } from './007_survey_responses.js';
import { backpackConnections } from './008_backpack_connections.js';
import { messageSearch } from './009_message_search.js';

export const MONGO_MIGRATIONS: readonly MongoMigration[] = [
  baseline,
  checkIns,
  additionalReview,
  badgeDisplay,
  ob3OAuth,
  backpack,
  surveyResponses,
  backpackConnections,
  messageSearch,
];
