/**
 * The made-up credential a template preview is rendered with: an unsigned Open Badges
 * credential with every field a design's placeholders can show, so staff see a realistic
 * certificate. It is never signed or stored, and its id points at no real certificate.
 */

/** Who the sample is from and when it is dated. */
export interface PreviewCredentialOptions {
  issuerName: string;
  issuerId: string;
  now: Date;
}

/** The sample credential (a fresh object every call). */
export function previewCredential(options: PreviewCredentialOptions): Record<string, unknown> {
  return {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    id: 'urn:uuid:00000000-0000-4000-8000-000000000000',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Sample course',
    issuer: { id: options.issuerId, type: ['Profile'], name: options.issuerName },
    validFrom: options.now.toISOString(),
    credentialSubject: {
      type: ['AchievementSubject'],
      name: 'Thandiwe Example',
      identifier: [
        { type: 'IdentityObject', identityType: 'identifier', hashed: false, identityHash: 'SAMPLE-0001' },
      ],
      achievement: {
        id: 'urn:uuid:00000000-0000-4000-8000-000000000001',
        type: ['Achievement'],
        name: 'Introduction to Project Management',
        description: 'Planning, scheduling and leading small projects',
        criteria: { narrative: 'Completed every module and the final assessment.' },
      },
    },
  };
}
