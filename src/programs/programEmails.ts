/**
 * Emails of automatic issuance: the certificate has arrived, and the request for consent
 * to print the participant's name. Plain text with a simple HTML part, like the account
 * emails; the communications engine takes them over later.
 */
import type { OutgoingMail } from '../mail/mailer.js';
import { simpleMail as mail } from '../mail/simpleMail.js';

/** "Your certificate is ready", with the link to it in the portal. */
export function certificateIssuedEmail(input: { to: string; name: string; achievement: string; certificateNumber: string; portalUrl: string; organisation: string }): OutgoingMail {
  return mail(
    input.to,
    `Your certificate: ${input.achievement}`,
    [
      `Hello ${input.name},`,
      `Congratulations: ${input.organisation} has issued your certificate for ${input.achievement} (number ${input.certificateNumber}).`,
      'It is a signed digital credential: you can download it as PNG or PDF, add it to a wallet or LinkedIn, and anyone can verify it.',
      'We would value a minute of your feedback on the course; the link below leads to a short survey beside the certificate.',
    ],
    { url: input.portalUrl, label: 'See my certificate' },
  );
}

/** Asks for consent to print the participant's name on a certificate that is ready. */
export function nameConsentEmail(input: { to: string; name: string; achievement: string; portalUrl: string; organisation: string }): OutgoingMail {
  return mail(
    input.to,
    `Your certificate for ${input.achievement} is waiting for your consent`,
    [
      `Hello ${input.name},`,
      `You have met the requirements for ${input.achievement}. Before ${input.organisation} issues your certificate we need your consent to put your name on it.`,
      'Open the link, check that your name is spelt as you want it, and confirm.',
    ],
    { url: input.portalUrl, label: 'Review and confirm' },
  );
}

/** Tells a participant what the reviewer decided about their work, with the feedback. */
export function reviewDecisionEmail(input: { to: string; name: string; course: string; decision: 'approved' | 'rejected' | 'changes_requested'; feedback?: string | undefined; portalUrl: string }): OutgoingMail {
  const headline = {
    approved: `Your work for ${input.course} was approved.`,
    rejected: `Your work for ${input.course} was not approved.`,
    changes_requested: `The reviewer asked for changes to your work for ${input.course}.`,
  }[input.decision];
  const subject = { approved: 'Your work was approved', rejected: 'Your work was not approved', changes_requested: 'Changes requested to your work' }[input.decision];
  return mail(input.to, `${subject}: ${input.course}`, [`Hello ${input.name},`, headline, ...(input.feedback ? [`The reviewer wrote: ${input.feedback}`] : [])], { url: input.portalUrl, label: 'See my course' });
}

/** Tells the holder their certificate was revoked, and why. */
export function certificateRevokedEmail(input: { to: string; name: string; achievement: string; reason: string; organisation: string; portalUrl: string }): OutgoingMail {
  return mail(
    input.to,
    `Your certificate was revoked: ${input.achievement}`,
    [`Hello ${input.name},`, `${input.organisation} has revoked your certificate for ${input.achievement}. Reason: ${input.reason}.`, 'Anyone verifying it will now see that it is revoked. If you think this is a mistake, reply to the programme team.'],
    { url: input.portalUrl, label: 'See my certificates' },
  );
}
