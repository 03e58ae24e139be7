/**
 * LinkedIn "Add to profile" links for a certification (LinkedIn's documented add-to-profile
 * URL): the certification name, organisation, issue and expiry month, the certificate's
 * stable public URL and its number, so the holder only has to press Save.
 */

/** What the link fills in. */
export interface LinkedInCertification {
  name: string;
  organisationName: string;
  /** LinkedIn's numeric organisation id, when the organisation has a LinkedIn page. */
  organisationId?: string;
  issuedAt: string;
  expiresAt?: string;
  certificateUrl: string;
  certificateNumber: string;
}

/** The https://www.linkedin.com/profile/add URL for a certification. */
export function linkedInAddToProfileUrl(cert: LinkedInCertification): string {
  const params = new URLSearchParams({ startTask: 'CERTIFICATION_NAME', name: cert.name });
  if (cert.organisationId) params.set('organizationId', cert.organisationId);
  else params.set('organizationName', cert.organisationName);
  const issued = new Date(cert.issuedAt);
  if (!Number.isNaN(issued.getTime())) {
    params.set('issueYear', String(issued.getUTCFullYear()));
    params.set('issueMonth', String(issued.getUTCMonth() + 1));
  }
  const expires = cert.expiresAt ? new Date(cert.expiresAt) : undefined;
  if (expires && !Number.isNaN(expires.getTime())) {
    params.set('expirationYear', String(expires.getUTCFullYear()));
    params.set('expirationMonth', String(expires.getUTCMonth() + 1));
  }
  params.set('certUrl', cert.certificateUrl);
  params.set('certId', cert.certificateNumber);
  return `https://www.linkedin.com/profile/add?${params.toString()}`;
}
