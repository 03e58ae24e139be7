/**
 * Messages about a person's account: welcome, the account made for them, payment receipts.
 */
import { type MessageTrigger, person } from './triggerSamples.js';

export const ACCOUNT_TRIGGERS: MessageTrigger[] = [
  {
    trigger: 'welcome',
    label: 'Welcome',
    when: 'Someone confirms the email of the account they signed up for, or accepts an invitation.',
    essential: true,
    placeholders: person,
    subject: 'Welcome to {{organisation}}',
    body: 'Hello {{name}},\n\nYour {{organisation}} account is ready: everything you do with us, and every message from us, is in one place.\n\n[Open my account]({{portalUrl}})',
  },
  {
    trigger: 'account_created',
    label: 'Account made for you',
    when: 'Staff, a CSV import, the LMS or the API enrol someone who had no account: the account is made and they are asked to choose a password.',
    essential: true,
    placeholders: {
      ...person,
      email: 'amahle@example.org',
      setPasswordUrl: 'https://credentials.example.org/reset-password?token=one-time-token-made-when-sent',
    },
    subject: 'Your {{organisation}} account is ready: choose a password',
    body: 'Hello {{name}},\n\n{{organisation}} has made an account for you ({{email}}) so you can follow your courses, hear from the people who review your work and receive your certificates.\n\nChoose a password to sign in. The link works once and for 14 days; after that, use "Forgotten password" on the sign-in page.\n\n[Choose my password]({{setPasswordUrl}})',
  },
  {
    trigger: 'payment_receipt',
    label: 'Payment receipt',
    when: 'A payment is recorded (sent by the payment system through the API).',
    essential: true,
    placeholders: {
      ...person,
      amount: 'R 1,500.00',
      reference: 'INV-2026-0042',
      paidFor: 'Accreditation fee 2027',
      paidAt: '2026-11-25',
    },
    subject: 'Receipt {{reference}}',
    body: 'Hello {{name}},\n\nThank you: we received your payment of **{{amount}}** for {{paidFor}} on {{paidAt}}.\n\nReference: {{reference}}\n\n[See my account]({{portalUrl}})',
  },
];
