/**
 * The Open Badges 3.0 credential an approved accreditation issues to the partner
 * organisation: achievement type "License" (permission to deliver, for a period), the
 * type's name and description, the stages as criteria, and validFrom / validUntil for the
 * accreditation period. The issuer, id, proof, status and number are added by
 * issueCredential like for any certificate.
 */
import type { ApplicationRecord } from '../storage/ports.js';

const seconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The stable id of an accreditation type's achievement. */
function accreditationAchievementId(publicUrl: string, typeId: string): string {
  return `${publicUrl.replace(/\/$/, '')}/achievements/accreditation-${encodeURIComponent(typeId)}`;
}

/** The unsigned credential request for an approved application. */
export function accreditationCredential(input: {
  application: ApplicationRecord;
  organisationName: string;
  publicUrl: string;
  validFrom: Date;
  validUntil: Date;
}): Record<string, unknown> {
  const { application, organisationName, publicUrl } = input;
  const type = application.type;
  return {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `${type.name} accreditation`,
    validFrom: seconds(input.validFrom),
    validUntil: seconds(input.validUntil),
    credentialSubject: {
      type: ['AchievementSubject'],
      name: organisationName,
      achievement: {
        id: accreditationAchievementId(publicUrl, type.id),
        type: ['Achievement'],
        name: `${type.name} accreditation`,
        description: type.description || `Accredited as ${type.name}.`,
        criteria: {
          narrative: `Completed every stage of the accreditation process: ${type.stages.map((s) => s.name).join(', ')}. Cycle ${application.cycle}.`,
        },
        achievementType: 'License',
      },
    },
  };
}
