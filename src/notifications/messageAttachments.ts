/**
 * The files an email can carry, made when it is sent rather than stored with the message:
 * the certificate's PDF, drawn from the signed credential as its download is (so it shows
 * the state the certificate is in at sending, with its QR code). A certificate that can no
 * longer be shown (erased, redacted) makes the attempt fail, and the delivery log says why.
 */
import type { MailFile } from '../mail/mailer.js';
import {
  certificateFile,
  certificateFileName,
  isShowable,
  type CertificateFileDeps,
} from '../rendering/certificateFiles.js';
import type { CredentialStore, MessageAttachment } from '../storage/ports.js';

/** Makes the attachments of outgoing messages. */
export function createMessageAttachments(
  deps: CertificateFileDeps & { credentials: Pick<CredentialStore, 'get'> },
): (attachment: MessageAttachment) => Promise<MailFile> {
  return async (attachment) => {
    const record = await deps.credentials.get(attachment.credentialId);
    if (!isShowable(record))
      throw new Error(`the certificate ${attachment.credentialId} can no longer be attached`);
    const pdf = await certificateFile(deps, record, 'pdf');
    return {
      filename: certificateFileName(record, 'pdf'),
      contentType: 'application/pdf',
      content: pdf.bytes,
    };
  };
}
