/**
 * The badge store contract: a badge image is stored once by its sha256 and read back byte
 * for byte (a second put of the same hash changes nothing, not even the date); evidence
 * consents are one answer per batch and participant, replaced by the next, and erased by
 * person without touching anyone else's; a course keeps its badge image and skills.
 */
import { describe, expect, it } from 'vitest';
import type { BadgeImageRecord, CourseRecord } from '../../src/storage/ports.js';
import type { GetStores } from './storeContract.js';

const image = (overrides: Partial<BadgeImageRecord> = {}): BadgeImageRecord => ({
  sha256: 'a'.repeat(64),
  mediaType: 'image/png',
  // Every byte value, so nothing is lost to an encoding.
  bytes: Uint8Array.from({ length: 512 }, (_, i) => i % 256),
  createdAt: '2026-12-01T08:00:00.000Z',
  ...overrides,
});

/** The badge store cases, over the stores of the current test. */
export function describeBadgeContract(getStores: GetStores): void {
  describe('badge images and evidence consents', () => {
    it('stores a badge image once by its hash and reads it back byte for byte', async () => {
      const { badgeImages } = getStores();
      await badgeImages.putBadgeImage(image());
      await badgeImages.putBadgeImage(
        image({ mediaType: 'image/svg+xml', createdAt: '2026-12-02T08:00:00.000Z' }),
      );
      expect(await badgeImages.getBadgeImage('a'.repeat(64))).toEqual(image());
      expect(await badgeImages.getBadgeImage('b'.repeat(64))).toBeUndefined();
    });

    it('keeps one evidence consent per batch and participant, the latest answer', async () => {
      const { evidenceConsents } = getStores();
      expect(await evidenceConsents.getEvidenceConsent('batch-1', 'user-1')).toBeUndefined();
      await evidenceConsents.setEvidenceConsent({
        batchId: 'batch-1',
        userId: 'user-1',
        granted: true,
        at: 't1',
      });
      await evidenceConsents.setEvidenceConsent({
        batchId: 'batch-2',
        userId: 'user-1',
        granted: true,
        at: 't1',
      });
      await evidenceConsents.setEvidenceConsent({
        batchId: 'batch-1',
        userId: 'user-1',
        granted: false,
        at: 't2',
      });
      expect(await evidenceConsents.getEvidenceConsent('batch-1', 'user-1')).toEqual({
        batchId: 'batch-1',
        userId: 'user-1',
        granted: false,
        at: 't2',
      });
      expect((await evidenceConsents.getEvidenceConsent('batch-2', 'user-1'))?.granted).toBe(true);
    });

    it("erases one person's evidence consents and no one else's", async () => {
      const { evidenceConsents } = getStores();
      for (const userId of ['user-1', 'user-2'])
        await evidenceConsents.setEvidenceConsent({ batchId: 'batch-1', userId, granted: true, at: 't1' });
      await evidenceConsents.eraseEvidenceConsentsOf('user-1');
      expect(await evidenceConsents.getEvidenceConsent('batch-1', 'user-1')).toBeUndefined();
      expect(await evidenceConsents.getEvidenceConsent('batch-1', 'user-2')).toMatchObject({ granted: true });
    });

    it('keeps a course badge image and skills with the course', async () => {
      const { courses } = getStores();
      const course: CourseRecord = {
        id: 'course-badge',
        title: 'Badged',
        description: '',
        modules: [],
        assessments: [],
        reviewerIds: [],
        badgeImage: { sha256: 'a'.repeat(64), mediaType: 'image/png', caption: 'A badge' },
        skills: {
          framework: 'ESCO',
          targetType: 'ceasn:Competency',
          skills: [{ name: 'HTML', url: 'https://esco.example/1', code: 'S1' }],
        },
        createdAt: 't1',
        createdBy: 'staff',
        updatedAt: 't1',
      };
      await courses.createCourse(course);
      expect(await courses.getCourse(course.id)).toEqual(course);
    });
  });
}
