/**
 * What every message trigger is (its text, placeholders and when it is sent), and the
 * sample values its preview fills placeholders with.
 */

/** One trigger: when it is sent, what it may contain, and its built-in text. */
export interface MessageTrigger {
  trigger: string;
  /** Short name in the console. */
  label: string;
  /** When it is sent, for staff. */
  when: string;
  /** Essential messages are always sent; the others a person can turn off (reminders). */
  essential: boolean;
  /** Placeholder name -> sample value for the preview. */
  placeholders: Record<string, string>;
  subject: string;
  /** Markdown. */
  body: string;
}

export const person = {
  name: 'Amahle Dlamini',
  organisation: 'SayPro',
  portalUrl: 'https://credentials.example.org/me',
};
export const course = { ...person, course: 'Web Development 101' };
export const certificate = {
  ...person,
  achievement: 'Certificate in Web Development',
  certificateNumber: 'SP-2026-000123',
};
export const reminder = {
  ...person,
  achievement: 'Certificate in Web Development',
  deadline: '2026-12-31',
  daysLeft: '7',
  daysLeftText: '7 days',
};
