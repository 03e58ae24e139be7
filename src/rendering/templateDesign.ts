/**
 * A certificate template's design: what staff edit and what a render needs. Versioned:
 * a credential's picture is always rendered with the version recorded for it, so an edit
 * never changes a certificate someone already has.
 */

/** One signature block at the foot of a certificate. */
export interface TemplateSignature {
  name: string;
  title: string;
  /** data: URL (PNG/JPEG/SVG) of the signature image, optional. */
  imageDataUrl?: string;
}

/** The editable design of a certificate. */
export interface TemplateDesign {
  /** Heading, e.g. "Certificate of Completion". */
  title: string;
  /**
   * Body text with placeholders: {{participantName}}, {{courseName}}, {{courseDescription}},
   * {{completionDate}}, {{certificateNumber}}, {{issuerName}}.
   */
  body: string;
  /** data: URL of the organisation logo, optional (without one, the issuer's image if the credential has one). */
  logoDataUrl?: string;
  /** Signature blocks; with none, the issuer is shown as the signer (its name above the line). */
  signatures: TemplateSignature[];
  colours: { primary: string; accent: string; background: string; text: string };
  orientation: 'landscape' | 'portrait';
  border: 'none' | 'simple' | 'double' | 'ornate';
}

/** A stored template version. */
export interface TemplateRef {
  templateId: string;
  version: number;
}

/** The values a render fills into the placeholders, taken from the signed credential. */
export interface CertificateFields {
  participantName: string;
  courseName: string;
  courseDescription: string;
  completionDate: string;
  certificateNumber: string;
  issuerName: string;
  /** The public verification URL the QR code points at. */
  verifyUrl: string;
  validUntil?: string;
}

/** The built-in design, used when no template is chosen. */
export const DEFAULT_DESIGN: TemplateDesign = {
  title: 'Certificate of Completion',
  body: 'This certifies that {{participantName}} has successfully completed {{courseName}}: {{courseDescription}}. Awarded on {{completionDate}}.',
  // No named signer: the issuer's block (its name, "Authorised issuer") is drawn instead.
  signatures: [],
  colours: { primary: '#0b3a6e', accent: '#f0a500', background: '#ffffff', text: '#1b1b1b' },
  orientation: 'landscape',
  border: 'double',
};
