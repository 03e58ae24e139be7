/** Our outgoing message in the shape nodemailer's transports take. */
import type { OutgoingMail } from './mailer.js';

/** The message as nodemailer takes it (attachments as Buffers). */
export function nodemailerMessage(mail: OutgoingMail, from: string) {
  const { attachments, ...rest } = mail;
  return {
    ...rest,
    from,
    ...(attachments?.length
      ? {
          attachments: attachments.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: Buffer.from(a.content),
          })),
        }
      : {}),
  };
}
