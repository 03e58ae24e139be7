/**
 * Migration 001, learning programmes. Unique indexes refuse duplicate courses, events,
 * enrolments, files and webhook signatures, which is how the store stays correct without
 * transactions (programStore.ts).
 */
import type { IndexSpecs } from '../../collections.js';

/** The programme indexes, by collection. */
export const programIndexes: IndexSpecs = {
  programCourses: [
    { key: { id: 1 }, name: 'id_unique', unique: true },
    { key: { title: 1, id: 1 }, name: 'title_id' },
  ],
  programBatches: [
    { key: { id: 1 }, name: 'id_unique', unique: true },
    { key: { courseId: 1, createdAt: -1 }, name: 'courseId_createdAt' },
  ],
  programEnrolments: [
    { key: { batchId: 1, userId: 1 }, name: 'batch_user_unique', unique: true },
    { key: { batchId: 1, status: 1, enrolledAt: 1 }, name: 'batch_status' },
    { key: { userId: 1, enrolledAt: -1 }, name: 'user_enrolledAt' },
    { key: { status: 1, waitingOn: 1, dueAt: 1 }, name: 'status_waitingOn_dueAt' },
    { key: { 'certificates.credentialId': 1 }, name: 'certificates_credentialId' },
  ],
  programEvents: [
    { key: { id: 1 }, name: 'id_unique', unique: true },
    { key: { batchId: 1, userId: 1, occurredAt: 1 }, name: 'participant_occurredAt' },
    { key: { userId: 1 }, name: 'userId' },
  ],
  programSubmissions: [
    { key: { id: 1 }, name: 'id_unique', unique: true },
    { key: { state: 1, submittedAt: 1 }, name: 'state_submittedAt' },
    { key: { batchId: 1, submittedAt: 1 }, name: 'batch_submittedAt' },
    { key: { userId: 1, submittedAt: 1 }, name: 'user_submittedAt' },
  ],
  programFiles: [{ key: { sha256: 1 }, name: 'sha256_unique', unique: true }],
  programFeedback: [
    { key: { credentialId: 1 }, name: 'credentialId_unique', unique: true },
    { key: { batchId: 1, at: 1 }, name: 'batch_at' },
  ],
  programWebhookSignatures: [
    { key: { signature: 1 }, name: 'signature_unique', unique: true },
    { key: { expiresAt: 1 }, name: 'expiresAt' },
  ],
};
