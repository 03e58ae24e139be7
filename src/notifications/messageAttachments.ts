/**
 * The files an email can carry, made when it is sent rather than stored with the message
 * (the message names its file by kind and id): the certificate's PDF, drawn from the
 * signed credential as its download is (so it shows the state the certificate is in at
 * sending, with its QR code), or a check-in meeting's calendar invitation, from the
 * meeting as it is at sending. A file that can no longer be made (a certificate erased or
 * redacted, a meeting gone) makes the attempt fail, and the delivery log says why.
 */
import type { MailFile } from '../mail/mailer.js';
import {
  certificateFile,
  certificateFileName,
  isShowable,
  type CertificateFileDeps,
} from '../rendering/certificateFiles.js';
import {
  createMeetingInvitationFile,
  type MeetingInvitationDeps,
} from '../accreditation/meetingInvitation.js';
import type { CredentialStore, MessageAttachment } from '../storage/ports.js';

/** Makes the attachments of outgoing messages. */
export function createMessageAttachments(
  deps: CertificateFileDeps & { credentials: Pick<CredentialStore, 'get'>; meetings: MeetingInvitationDeps },
): (attachment: MessageAttachment) => Promise<MailFile> {
  const meetingInvitation = createMeetingInvitationFile(deps.meetings);
  return async (attachment) => {
    if (attachment.kind === 'meeting_invitation') return meetingInvitation(attachment.meetingId);
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
