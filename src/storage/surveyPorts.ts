/**
 * Surveys: short questionnaires staff build in the console, each for one audience (the
 * participant after a certificate is issued, staff about the certificate process, a
 * person after a messaging conversation is resolved, staff about messaging). A survey is a series of published
 * versions: a version never changes once published, so every answer refers to the exact
 * questions that were asked; staff change a survey by publishing the next version.
 */

import type { SealedText } from './messagingPorts.js';

/** Who a survey is for, and when it is offered. */
const SURVEY_AUDIENCES = [
  'participant-after-issuance',
  'staff-certificate-process',
  'conversation-satisfaction',
  'staff-messaging',
] as const;
/** One of SURVEY_AUDIENCES. */
export type SurveyAudience = (typeof SURVEY_AUDIENCES)[number];

/** The kinds of question a survey can ask. */
export const SURVEY_QUESTION_TYPES = ['rating', 'choice', 'text'] as const;
/** One of SURVEY_QUESTION_TYPES. */
export type SurveyQuestionType = (typeof SURVEY_QUESTION_TYPES)[number];

/** One question of a version. */
export interface SurveyQuestion {
  /** Stable within the version (q1, q2, ...): answers are keyed by it. */
  id: string;
  type: SurveyQuestionType;
  prompt: string;
  required: boolean;
  /** The options of a `choice` question (absent otherwise). */
  choices?: string[];
}

/** One published version of an audience's survey; never changed once stored. */
export interface SurveyVersionRecord {
  /** `<audience>@<version>`. */
  id: string;
  audience: SurveyAudience;
  /** 1, 2, ... per audience; the highest is the current one. */
  version: number;
  title: string;
  questions: SurveyQuestion[];
  publishedAt: string;
  publishedBy: string;
}

/** One person's answers to one version. */
export interface SurveyResponseRecord {
  id: string;
  /** The version answered (SurveyVersionRecord.id). */
  surveyId: string;
  audience: SurveyAudience;
  /**
   * What was answered about: the certificate's id (participant survey), the conversation's
   * id (conversation survey), the response's own id (a staff form, which may be sent often).
   * One response per audience and subject, which the store enforces.
   */
  subject: string;
  userId: string;
  /** The course batch of a participant's certificate, for the programme's figures. */
  batchId?: string;
  /** The staff member who resolved the conversation (conversation survey), for per-staff figures. */
  staffId?: string;
  /** Question id -> the rating (1-5), the chosen option or the text; unanswered optional ones are absent. */
  answers: Record<string, number | string>;
  /**
   * Free-text answers kept sealed instead (question id -> ciphertext): the conversation
   * survey's, sealed like the conversation itself (messaging/messageCrypto.ts), so the
   * store never holds what a person wrote about a conversation in the clear.
   */
  sealedAnswers?: Record<string, SealedText>;
  at: string;
}

/** The store of survey versions and their responses. */
export interface SurveyStore {
  /** Stores a new version; false if the audience has that version number already (a race). */
  publishVersion(record: SurveyVersionRecord): Promise<boolean>;
  getVersion(id: string): Promise<SurveyVersionRecord | undefined>;
  /** The highest version of an audience's survey, if any was published. */
  currentVersion(audience: SurveyAudience): Promise<SurveyVersionRecord | undefined>;
  /** Every version of an audience's survey, newest first. */
  listVersions(audience: SurveyAudience): Promise<SurveyVersionRecord[]>;
  /** Stores a response; false if the audience has one for that subject already. */
  addResponse(record: SurveyResponseRecord): Promise<boolean>;
  getResponse(audience: SurveyAudience, subject: string): Promise<SurveyResponseRecord | undefined>;
  /** An audience's responses with `at` in [from, to) (ISO instants), oldest first. */
  listResponses(filter: {
    audience: SurveyAudience;
    from?: string;
    to?: string;
  }): Promise<SurveyResponseRecord[]>;
  /**
   * One page of an audience's responses in (at, subject) order, strictly after the cursor
   * (the last response of the previous page), for the surveys API.
   */
  pageResponses(filter: {
    audience: SurveyAudience;
    after?: { at: string; subject: string };
    limit: number;
  }): Promise<SurveyResponseRecord[]>;
  /** How many responses each version of an audience has (versions with none are left out). */
  countResponses(audience: SurveyAudience): Promise<Record<string, number>>;
  /** Every response the person gave, of every audience, oldest first (their data export). */
  listResponsesOf(userId: string): Promise<SurveyResponseRecord[]>;
  /** Erasure: deletes every response the person gave (of one audience when given). */
  eraseResponsesOf(userId: string, audience?: SurveyAudience): Promise<void>;
}

/**
 * A staff member's decision about a suggestion theme (a word or two-word phrase of staff
 * comments): its priority, overriding the rule, and whether it is done. One per theme.
 */
export interface SuggestionMarkRecord {
  /** The theme as the suggestions list names it (lower case). */
  theme: string;
  /** Absent: the rule decides. */
  priority?: 'short' | 'long';
  done: boolean;
  by: string;
  at: string;
}

/** The marks staff put on suggestion themes. */
export interface SuggestionMarkStore {
  /** Stores the theme's mark, replacing any earlier one. */
  putMark(record: SuggestionMarkRecord): Promise<void>;
  listMarks(): Promise<SuggestionMarkRecord[]>;
}
