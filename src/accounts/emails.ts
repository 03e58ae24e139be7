/**
 * The account emails (verification, password reset, invitation), as plain text with a
 * simple HTML part. Links carry the secret; the secret is never logged. The automated
 * communications engine (templates, delivery log) takes these over later.
 */
import type { OutgoingMail } from '../mail/mailer.js';
import { simpleMail } from '../mail/simpleMail.js';

function mail(to: string, subject: string, lines: string[], link: { url: string; label: string }): OutgoingMail {
  return simpleMail(to, subject, lines, link, ['If you did not expect this email, you can ignore it.']);
}

/** Email asking a new user to confirm their address. */
export function verificationEmail(to: string, name: string, url: string, organisation: string): OutgoingMail {
  return mail(to, `Confirm your email for ${organisation}`, [`Hello ${name},`, `Please confirm your email address to finish creating your ${organisation} account. The link works for 48 hours.`], {
    url,
    label: 'Confirm my email',
  });
}

/** Email with a single-use password reset link. */
export function passwordResetEmail(to: string, name: string, url: string, organisation: string): OutgoingMail {
  return mail(to, `Reset your ${organisation} password`, [`Hello ${name},`, 'Someone (hopefully you) asked to reset your password. The link works once, for 1 hour.'], {
    url,
    label: 'Choose a new password',
  });
}

/** Email inviting someone to an account with a role. */
export function invitationEmail(to: string, role: string, url: string, organisation: string, inviter: string): OutgoingMail {
  return mail(to, `You are invited to ${organisation}`, [`Hello,`, `${inviter} invited you to join ${organisation} as ${role}. The invitation works for 7 days.`], {
    url,
    label: 'Accept the invitation',
  });
}
