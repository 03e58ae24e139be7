/**
 * The public addresses badges point at (served by src/http/routes/badges.ts): a badge image
 * by the sha256 of its bytes, and approved work linked as evidence by its submission id.
 */
import type { BadgeImageType, CourseBadgeImage } from '../storage/ports.js';

/** The file extension each badge image type is served with. */
export const IMAGE_EXTENSIONS: Readonly<Record<BadgeImageType, string>> = {
  'image/png': 'png',
  'image/svg+xml': 'svg',
  'image/jpeg': 'jpg',
};

/** The public path of a stored badge image (the credential's achievement image is publicUrl + this). */
export function badgeImagePath(image: Pick<CourseBadgeImage, 'sha256' | 'mediaType'>): string {
  return `/badges/images/${image.sha256}.${IMAGE_EXTENSIONS[image.mediaType]}`;
}

/** The public path of a text or file submission linked as evidence. */
export const evidencePath = (submissionId: string) => `/badges/evidence/${encodeURIComponent(submissionId)}`;
