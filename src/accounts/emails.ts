/**
 * The account emails (verification, password reset, invitation), as plain text with a
 * simple HTML part. Links carry the secret; the secret is never logged. The automated
 * communications engine (templates, delivery log) takes these over later.
 */
import type { OutgoingMail } from '../mail/mailer.js';
import { simpleMail } from '../mail/simpleMail.js';

function mail(
  to: string,
  subject: string,
  lines: string[],
  link: { url: string; label: string },
): OutgoingMail {
  return simpleMail(to, subject, lines, link, ['If you did not expect this email, you can ignore it.']);
}

/** Email asking a new user to confirm their address. */
export function verificationEmail(to: string, name: string, url: string, organisation: string): OutgoingMail {
  return mail(
    to,
    `Confirm your email for ${organisation}`,
    [
      `Hello ${name},`,
      `Please confirm your email address to finish creating your ${organisation} account. The link works for 48 hours.`,
    ],
    {
      url,
      label: 'Confirm my email',
    },
  );
}

/** Email with a single-use password reset link. */
export function passwordResetEmail(
  to: string,
  name: string,
  url: string,
  organisation: string,
): OutgoingMail {
  return mail(
    to,
    `Reset your ${organisation} password`,
    [
      `Hello ${name},`,
      'Someone (hopefully you) asked to reset your password. The link works once, for 1 hour.',
    ],
    {
      url,
      label: 'Choose a new password',
    },
  );
}

/** Email inviting someone to an account with a role. */
export function invitationEmail(
  to: string,
  role: string,
  url: string,
  organisation: string,
  inviter: string,
): OutgoingMail {
  return mail(
    to,
    `You are invited to ${organisation}`,
    [`Hello,`, `${inviter} invited you to join ${organisation} as ${role}. The invitation works for 7 days.`],
    {
      url,
      label: 'Accept the invitation',
    },
  );
}

/**
 * Email to the owner when their account starts being throttled: how many wrong passwords
 * in a row, that browsers they used before are not affected, and where to reset.
 */
export function failedSignInsEmail(
  to: string,
  name: string,
  failures: number,
  resetUrl: string,
  organisation: string,
): OutgoingMail {
  return simpleMail(
    to,
    `Failed sign-in attempts on your ${organisation} account`,
    [
      `Hello ${name},`,
      `There were ${failures} failed attempts in a row to sign in to your ${organisation} account with a wrong password. Until someone signs in with the right one, further attempts from browsers you have not used before must wait a little longer after each wrong password.`,
      'You are not locked out: your password still works straight away in browsers where you have signed in before.',
      'If these attempts were not you, choose a new password.',
    ],
    { url: resetUrl, label: 'Reset my password' },
    ['If it was you, there is nothing else to do.'],
  );
}
