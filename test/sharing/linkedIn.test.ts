/** LinkedIn add-to-profile links carry every field, encoded. */
import { describe, expect, it } from 'vitest';
import { linkedInAddToProfileUrl } from '../../src/sharing/linkedIn.js';

describe('linkedInAddToProfileUrl', () => {
  it('fills name, organisation, issue and expiry month, URL and number', () => {
    const url = new URL(
      linkedInAddToProfileUrl({
        name: 'Web Development 101 & Accessibility',
        organisationName: 'SayPro',
        issuedAt: '2026-11-24T23:46:05Z',
        expiresAt: '2029-02-01T00:00:00Z',
        certificateUrl: 'https://certs.example.org/c/urn%3Auuid%3A1',
        certificateNumber: 'SP-2026-000123',
      }),
    );
    expect(url.origin + url.pathname).toBe('https://www.linkedin.com/profile/add');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: 'Web Development 101 & Accessibility',
      organizationName: 'SayPro',
      issueYear: '2026',
      issueMonth: '11',
      expirationYear: '2029',
      expirationMonth: '2',
      certUrl: 'https://certs.example.org/c/urn%3Auuid%3A1',
      certId: 'SP-2026-000123',
    });
  });

  it('prefers the organisation id and omits the expiry when there is none', () => {
    const url = new URL(
      linkedInAddToProfileUrl({
        name: 'X',
        organisationName: 'SayPro',
        organisationId: '123',
        issuedAt: '2026-01-05T00:00:00Z',
        certificateUrl: 'https://c/x',
        certificateNumber: 'SP-1',
      }),
    );
    expect(url.searchParams.get('organizationId')).toBe('123');
    expect(url.searchParams.has('organizationName')).toBe(false);
    expect(url.searchParams.has('expirationYear')).toBe(false);
  });
});
