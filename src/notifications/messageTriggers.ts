/**
 * Every kind of message the platform sends, with what it may say: the placeholders a
 * template can use (with sample values for the preview) and the built-in English text
 * used until staff save their own version. A staff template may use only the trigger's
 * placeholders, so a typo is caught when saving, not when a participant gets "Hello ,".
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

/** Languages a template can be written in; people choose theirs in /me/notifications. */
export const MESSAGE_LANGUAGES: Record<string, string> = {
  en: 'English',
  af: 'Afrikaans',
  zu: 'isiZulu',
  xh: 'isiXhosa',
  st: 'Sesotho',
  tn: 'Setswana',
  fr: 'Français',
  pt: 'Português',
};
export const DEFAULT_LANGUAGE = 'en';

const person = {
  name: 'Amahle Dlamini',
  organisation: 'SayPro',
  portalUrl: 'https://credentials.example.org/me',
};
const course = { ...person, course: 'Web Development 101' };
const certificate = {
  ...person,
  achievement: 'Certificate in Web Development',
  certificateNumber: 'SP-2026-000123',
};
const reminder = {
  ...person,
  achievement: 'Certificate in Web Development',
  deadline: '2026-12-31',
  daysLeft: '7',
  daysLeftText: '7 days',
};
const application = {
  ...person,
  application: 'Training partner accreditation',
  item: 'Tax clearance certificate',
};
const irregularity = {
  ...person,
  portalUrl: 'https://credentials.example.org/partner/irregularities/42',
  what: 'Attendance registers do not match the sessions held',
  severity: 'high',
};

/** A check-in or coaching call (check-in triggers). */
const MEETING = {
  ...person,
  partner: 'Ubuntu Skills Academy',
  meetingKind: 'Coaching call',
  when: 'Tuesday 8 December 2026, 10:00 (Africa/Johannesburg, UTC+02:00)',
  duration: '45 minutes',
  agenda: 'Progress on the tax clearance; plans for the site visit',
  meetingUrl: 'https://meet.example.org/saypro-ubuntu',
  staffName: 'Thandi Mokoena',
};
/** What each check-in message says about the meeting, after its first line. */
const MEETING_BODY = (first: string) =>
  `Hello {{name}},\n\n${first}\n\n- **When:** {{when}}\n- **How long:** {{duration}}\n- **With:** {{staffName}} ({{organisation}}) and {{partner}}\n- **Join:** {{meetingUrl}}\n\n**Agenda:** {{agenda}}\n\n[See check-ins]({{portalUrl}})`;

const TRIGGERS: MessageTrigger[] = [
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
    trigger: 'course_enrolled',
    label: 'Enrolled in a course',
    when: 'Staff or the API enrol someone in a batch of a course (an LMS event or a CSV import of results sends none): what the certificate asks for, and where it is explained. Someone whose account the enrolment made gets it after their account invitation, with the account note.',
    essential: true,
    placeholders: {
      ...course,
      achievement: 'Certificate in Web Development',
      requirements:
        '- Complete every module: "HTML basics", "CSS layout".\n- Score at least 70 out of 100 in "Final assessment".',
      requirementsUrl: 'https://credentials.example.org/courses/web-101/certificate#batch-web-101-nov',
      // Empty for someone who already had an account; the enrolment made theirs otherwise.
      accountNote:
        'This is your first course with us, so we have made you an account: to sign in, first choose your password with the link in our other email.',
    },
    subject: 'You are enrolled: {{course}}',
    body: 'Hello {{name}},\n\nYou are enrolled in {{course}}. To earn your certificate ({{achievement}}):\n\n{{requirements}}\n\nWhen you have done this, {{organisation}} issues your certificate automatically and emails it to you.\n\n[How to earn the certificate]({{requirementsUrl}})\n\n{{accountNote}}\n\n[See my course]({{portalUrl}})',
  },
  {
    trigger: 'submission_received',
    label: 'Submission received',
    when: 'A participant submits work for review.',
    essential: true,
    placeholders: { ...course, submittedAt: '2026-11-25 10:42' },
    subject: 'We received your work: {{course}}',
    body: 'Hello {{name}},\n\nWe received what you submitted for {{course}} on {{submittedAt}}. A reviewer will look at it and you will hear from us when they decide.\n\n[See my course]({{portalUrl}})',
  },
  {
    trigger: 'activity_approved',
    label: 'Work approved',
    when: 'A reviewer approves submitted work.',
    essential: true,
    placeholders: { ...course, feedback: 'Clear structure and well tested.' },
    subject: 'Your work was approved: {{course}}',
    body: 'Hello {{name}},\n\nYour work for {{course}} was approved.\n\n{{feedback}}\n\n[See my course]({{portalUrl}})',
  },
  {
    trigger: 'activity_rejected',
    label: 'Work not approved',
    when: 'A reviewer rejects submitted work or a document.',
    essential: true,
    placeholders: { ...course, feedback: 'The project does not build; see the error in step 3.' },
    subject: 'Your work was not approved: {{course}}',
    body: 'Hello {{name}},\n\nYour work for {{course}} was not approved. The reviewer wrote:\n\n{{feedback}}\n\n[See my course]({{portalUrl}})',
  },
  {
    trigger: 'clarification_request',
    label: 'Request for clarification',
    when: 'A reviewer asks for changes or more information before deciding.',
    essential: true,
    placeholders: { ...course, feedback: 'Please add the link to your repository.' },
    subject: 'Changes requested: {{course}}',
    body: 'Hello {{name}},\n\nThe reviewer asked for changes to your work for {{course}}:\n\n{{feedback}}\n\n[Update my work]({{portalUrl}})',
  },
  {
    trigger: 'additional_review',
    label: 'Under additional review',
    when: 'An application or submission goes to a second reviewer.',
    essential: true,
    placeholders: application,
    subject: 'Your application is under additional review',
    body: 'Hello {{name}},\n\nYour {{application}} is being looked at by a second reviewer. There is nothing you need to do now; we will write when there is a decision.\n\n[See my application]({{portalUrl}})',
  },
  {
    trigger: 'inquiry',
    label: 'Returned for more information',
    when: 'Staff return an application because something is missing.',
    essential: true,
    placeholders: { ...application, feedback: 'The certificate must be dated within the last 12 months.' },
    subject: 'We need more information: {{application}}',
    body: 'Hello {{name}},\n\nWe need more information about **{{item}}** for your {{application}}:\n\n{{feedback}}\n\n[Answer the request]({{portalUrl}})',
  },
  {
    trigger: 'requirements_met',
    label: 'Requirements met / approved',
    when: 'Every requirement of an application or course is met.',
    essential: true,
    placeholders: application,
    subject: 'Approved: {{application}}',
    body: 'Hello {{name}},\n\nEverything required for your {{application}} is in and approved. Thank you.\n\n[See the details]({{portalUrl}})',
  },
  {
    trigger: 'audit_irregularity',
    label: 'Audit irregularity',
    when: 'An audit finds something that needs action.',
    essential: true,
    placeholders: {
      ...application,
      feedback: 'Attendance records for March are missing.',
      dueDate: '2026-12-15',
    },
    subject: 'Action needed by {{dueDate}}: {{application}}',
    body: 'Hello {{name}},\n\nA review of your {{application}} found something that needs your action by **{{dueDate}}**:\n\n{{feedback}}\n\n[Respond]({{portalUrl}})',
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
  {
    trigger: 'admin_message',
    label: 'New message from the team',
    when: 'Staff write to someone who is not online.',
    essential: true,
    placeholders: {
      ...person,
      sender: 'Thandi (programme office)',
      conversationUrl: 'https://credentials.example.org/me/messages/42',
    },
    subject: 'New message from {{organisation}}',
    body: 'Hello {{name}},\n\n{{sender}} wrote to you.\n\n[Read the message]({{conversationUrl}})',
  },
  {
    trigger: 'conversation_survey',
    label: 'Survey after a resolved conversation',
    when: 'Staff resolve a conversation the person has not rated yet: they are asked three short questions, once per conversation. Not sent to people who turned reminders off.',
    essential: false,
    placeholders: {
      ...person,
      conversationNumber: '1042',
      surveyUrl: 'https://credentials.example.org/me/surveys/conversations/42',
    },
    subject: 'How did we do with conversation #{{conversationNumber}}?',
    body: 'Hello {{name}},\n\nConversation #{{conversationNumber}} with {{organisation}} is resolved. Would you tell us how clear, quick and helpful we were? It takes a minute, and you answer once for this conversation.\n\n[Answer the survey]({{surveyUrl}})',
  },
  {
    trigger: 'marketing_message',
    label: 'News and offers (marketing broadcast)',
    when: 'Staff send a marketing broadcast: only to people whose marketing consent is granted.',
    // Marked essential only so the reminder switch does not govern it: what governs it is
    // marketing consent, checked when the broadcast is sent, and every one carries its own
    // unsubscribe link and List-Unsubscribe header (src/accounts/marketingConsent.ts).
    essential: true,
    placeholders: {
      ...person,
      subject: 'New course: Data Analysis with Python',
      sender: 'Thandi (programme office)',
      conversationUrl: 'https://credentials.example.org/me/messages/42',
      unsubscribeUrl: 'https://credentials.example.org/marketing/unsubscribe/u1/tag',
    },
    subject: '{{subject}}',
    body: 'Hello {{name}},\n\n{{sender}} sent you news from {{organisation}}: **{{subject}}**.\n\n[Read it in your portal]({{conversationUrl}})\n\n---\n\nYou get news and offers because you agreed to them. [Unsubscribe]({{unsubscribeUrl}}) in one click, without signing in.',
  },
  {
    trigger: 'conversation_waiting',
    label: 'A conversation waits for you (staff)',
    when: 'Someone writes in a conversation assigned to a staff member; once until it is answered.',
    essential: true,
    placeholders: {
      ...person,
      conversationNumber: '1042',
      sender: 'Amahle Dlamini',
      conversationUrl: 'https://credentials.example.org/admin/messages/42',
    },
    subject: 'Conversation #{{conversationNumber}} waits for your answer',
    body: 'Hello {{name}},\n\n{{sender}} wrote in conversation #{{conversationNumber}}, which is assigned to you.\n\n[Open the conversation]({{conversationUrl}})',
  },
  {
    trigger: 'conversation_new_in_team',
    label: 'A new conversation in your teams (staff)',
    when: 'Someone opens a conversation routed to one of the staff member’s teams (or to no team), if they chose this alert in their messaging preferences.',
    essential: true,
    placeholders: {
      ...person,
      conversationNumber: '1042',
      category: 'Certificates',
      conversationUrl: 'https://credentials.example.org/admin/messages/42',
    },
    subject: 'New conversation #{{conversationNumber}} ({{category}})',
    body: 'Hello {{name}},\n\nA new conversation #{{conversationNumber}} about {{category}} was opened in your team.\n\n[Open the conversation]({{conversationUrl}})',
  },
  {
    trigger: 'monitoring_alert',
    label: 'Monitoring alert (admins)',
    when: 'The share of server errors over 15 minutes reaches its threshold (to every admin), or the messaging backlog past the reply target does (to the admins who chose that alert in their messaging preferences); at most once an hour of each kind.',
    essential: true,
    placeholders: {
      ...person,
      alert: 'Server errors above the alert threshold',
      detail: '12 of 140 requests in the last 15 minutes failed with a server error (8.6%, alert at 5%).',
      monitoringUrl: 'https://credentials.example.org/admin/monitoring',
    },
    subject: 'Alert: {{alert}}',
    body: 'Hello {{name}},\n\n**{{alert}}.** {{detail}}\n\n[Open monitoring]({{monitoringUrl}})',
  },
  {
    trigger: 'consent_request',
    label: 'Consent to print the name',
    when: 'A participant met the criteria but has not yet agreed to their name on the certificate.',
    essential: true,
    placeholders: certificate,
    subject: 'Your certificate for {{achievement}} is waiting for your consent',
    body: 'Hello {{name}},\n\nYour certificate for {{achievement}} is ready to be issued. Before {{organisation}} issues it we need your consent to put your name on it.\n\nOpen the link, check that your name is spelt as you want it, and confirm.\n\n[Review and confirm]({{portalUrl}})',
  },
  {
    trigger: 'certificate_issued',
    label: 'Certificate issued',
    when: 'A certificate is issued.',
    essential: true,
    placeholders: certificate,
    subject: 'Your certificate: {{achievement}}',
    body: 'Hello {{name}},\n\nCongratulations: {{organisation}} has issued your certificate for {{achievement}} (number {{certificateNumber}}).\n\nIt is a signed digital credential: you can download it as PNG or PDF, add it to a wallet or LinkedIn, and anyone can verify it.\n\nWe would value a minute of your feedback on the course: a short survey waits under the course in "My courses" once you have signed in.\n\n[See my certificate]({{portalUrl}})',
  },
  {
    trigger: 'survey_invitation',
    label: 'Survey after a certificate',
    when: 'A certificate is issued while a participant survey is published: the participant is asked to answer it, once per certificate.',
    essential: false,
    placeholders: certificate,
    subject: 'A minute of feedback on {{achievement}}?',
    body: 'Hello {{name}},\n\nNow that you hold your certificate for {{achievement}}, {{organisation}} would value your view of the course and how the certificate reached you. The survey takes a minute, and you answer it once for this certificate.\n\n[Answer the survey]({{portalUrl}})',
  },
  {
    trigger: 'name_correction_received',
    label: 'Name correction asked',
    when: 'A participant asks for the name on their certificate to be corrected.',
    essential: true,
    placeholders: { ...certificate, requestedName: 'Amahle Dlamini-Zulu' },
    subject: 'We received your name correction for certificate {{certificateNumber}}',
    body: 'Hello {{name}},\n\nYou asked for the name on certificate {{certificateNumber}} to read "{{requestedName}}". Staff will look at it; if they agree, you receive a new certificate with the corrected name and the old one is marked as replaced.\n\n[See my certificates]({{portalUrl}})',
  },
  {
    trigger: 'name_correction_refused',
    label: 'Name correction refused',
    when: "Staff refuse a participant's name correction.",
    essential: true,
    placeholders: {
      ...certificate,
      requestedName: 'Amahle Dlamini-Zulu',
      reason: 'The name must match your identity document.',
    },
    subject: 'Your name correction for certificate {{certificateNumber}}',
    body: 'Hello {{name}},\n\nThe name on certificate {{certificateNumber}} was not changed to "{{requestedName}}". Staff wrote:\n\n{{reason}}\n\nYour certificate stays valid as it is. Reply to this email or write to us from your portal if you have questions.\n\n[See my certificates]({{portalUrl}})',
  },
  {
    trigger: 'certificate_revoked',
    label: 'Certificate revoked',
    when: 'A certificate is revoked.',
    essential: true,
    placeholders: { ...certificate, reason: 'issued in error' },
    subject: 'Your certificate was revoked: {{achievement}}',
    body: 'Hello {{name}},\n\n{{organisation}} has revoked your certificate for {{achievement}}. Reason: {{reason}}.\n\nAnyone verifying it will now see that it is revoked. If you think this is a mistake, reply to the programme team.\n\n[See my certificates]({{portalUrl}})',
  },
  {
    trigger: 'certificate_reissued',
    label: 'Certificate re-issued',
    when: 'A certificate is replaced by a corrected one.',
    essential: true,
    placeholders: { ...certificate, oldCertificateNumber: 'SP-2026-000099' },
    subject: 'Your corrected certificate: {{achievement}}',
    body: 'Hello {{name}},\n\n{{organisation}} has re-issued your certificate for {{achievement}}. The new number is {{certificateNumber}}; the old one ({{oldCertificateNumber}}) now verifies as replaced.\n\nIf you shared the old one, share the new one instead.\n\n[See my certificate]({{portalUrl}})',
  },
  {
    trigger: 'batch_deadline',
    label: 'Deadline reminder',
    when: 'Before a course deadline, at the days set in the reminder schedule.',
    essential: false,
    placeholders: reminder,
    subject: '{{daysLeftText}} left: {{achievement}}',
    body: 'Hello {{name}},\n\nThe deadline for {{achievement}} is **{{deadline}}**.\n\n[See what is left to do]({{portalUrl}})',
  },
  {
    trigger: 'batch_past_due',
    label: 'Past-due warning',
    when: 'After a course deadline passed without the criteria met.',
    essential: false,
    placeholders: reminder,
    subject: 'Past due: {{achievement}}',
    body: 'Hello {{name}},\n\nThe deadline for {{achievement}} was {{deadline}}. If you still want your certificate, contact the programme team.\n\n[See my course]({{portalUrl}})',
  },
  {
    trigger: 'inactivity',
    label: 'Inactivity prompt',
    when: 'Some days after a participant’s last activity on an unfinished course.',
    essential: false,
    placeholders: { ...reminder, daysInactive: '14' },
    subject: 'We have not seen you for a while: {{achievement}}',
    body: 'Hello {{name}},\n\nYour last progress in {{achievement}} was {{daysInactive}} days ago.\n\n[Pick up where you left off]({{portalUrl}})',
  },
  {
    trigger: 'certificate_expiry',
    label: 'Certificate expiry reminder',
    when: 'Before a certificate’s validity ends.',
    essential: false,
    placeholders: { ...certificate, deadline: '2027-11-25', daysLeft: '30', daysLeftText: '30 days' },
    subject: 'Your certificate expires in {{daysLeftText}}: {{achievement}}',
    body: 'Hello {{name}},\n\nYour certificate for {{achievement}} ({{certificateNumber}}) is valid until {{deadline}}.\n\n[See my certificates]({{portalUrl}})',
  },
  {
    trigger: 'certificate_expired',
    label: 'Certificate expired',
    when: 'After a certificate’s validity ended.',
    essential: false,
    placeholders: { ...certificate, deadline: '2027-11-25', daysLeft: '0', daysLeftText: '0 days' },
    subject: 'Your certificate has expired: {{achievement}}',
    body: 'Hello {{name}},\n\nYour certificate for {{achievement}} ({{certificateNumber}}) expired on {{deadline}}.\n\n[See my certificates]({{portalUrl}})',
  },
  {
    trigger: 'application_in_progress',
    label: 'Application in progress',
    when: 'Some days after an application was started and not yet submitted.',
    essential: false,
    placeholders: { ...application, daysOpen: '10' },
    subject: 'Your application is waiting: {{application}}',
    body: 'Hello {{name}},\n\nYou started your {{application}} {{daysOpen}} days ago. Finish it when you are ready; what you entered is saved.\n\n[Continue my application]({{portalUrl}})',
  },
  {
    trigger: 'accreditation_deadline',
    label: 'Accreditation item due',
    when: 'Before a document or action of an accreditation application is due (partner members and the assigned staff member).',
    essential: false,
    placeholders: { ...application, deadline: '2026-12-15', daysLeft: '7', daysLeftText: '7 days' },
    subject: '{{item}} is due in {{daysLeftText}}',
    body: 'Hello {{name}},\n\n**{{item}}** for the {{application}} accreditation is due on **{{deadline}}**.\n\n[Open the application]({{portalUrl}})',
  },
  {
    trigger: 'accreditation_past_due',
    label: 'Accreditation item past due',
    when: 'After a document or action of an accreditation application was due and is not done.',
    essential: false,
    placeholders: { ...application, deadline: '2026-12-15', daysLeft: '-1', daysLeftText: '1 day' },
    subject: 'Past due: {{item}}',
    body: 'Hello {{name}},\n\n**{{item}}** for the {{application}} accreditation was due on {{deadline}} ({{daysLeftText}} ago) and is still outstanding.\n\n[Open the application]({{portalUrl}})',
  },
  {
    trigger: 'programme_report_ready',
    label: 'Monthly or quarterly programme report',
    when: 'After each month and each quarter ends, to the staff an admin chose under Reports (email only).',
    essential: true,
    placeholders: {
      ...person,
      period: 'November 2026',
      issued: '42',
      reissued: '3',
      pending: '7',
      medianHours: '18.5',
      meanHours: '26.2',
      courses: 'Web Development 101: 30 issued\nData Analysis 201: 12 issued',
      reportUrl: 'https://credentials.example.org/admin/reports/kept/monthly-2026-11',
    },
    subject: 'Programme report for {{period}} is ready',
    body: 'Hello {{name}},\n\nThe programme report for **{{period}}** is ready.\n\n- Certificates issued: **{{issued}}** (of which re-issues: {{reissued}})\n- Submissions waiting for review: **{{pending}}**\n- From approval to certificate: median {{medianHours}} hours, mean {{meanHours}} hours\n\nBy course:\n\n{{courses}}\n\n[Open the report (and its CSV)]({{reportUrl}})',
  },
  {
    trigger: 'accreditation_quarterly_report',
    label: 'Quarterly accreditation report',
    when: 'After each quarter, to the members of every partner organisation with an application open in it.',
    essential: true,
    placeholders: { ...person, quarter: '2026-Q3' },
    subject: 'Your accreditation progress report for {{quarter}}',
    body: 'Hello {{name}},\n\nThe progress report of your accreditation for {{quarter}} is ready: where each application stands, what remains to be done and by when, and the feedback from our review team.\n\n[Read the report]({{portalUrl}})',
  },
  {
    trigger: 'accreditation_expiry',
    label: 'Accreditation expiry reminder',
    when: 'Before an accreditation’s validity ends.',
    essential: false,
    placeholders: { ...application, deadline: '2027-11-25', daysLeft: '60', daysLeftText: '60 days' },
    subject: 'Your accreditation expires in {{daysLeftText}}',
    body: 'Hello {{name}},\n\nYour {{application}} accreditation is valid until **{{deadline}}**. Start the renewal in good time.\n\n[Renew]({{portalUrl}})',
  },
  {
    trigger: 'check_in_scheduled',
    label: 'Check-in or coaching call scheduled',
    when: 'Staff schedule a check-in or coaching call with a partner organisation (its members and the staff member running it).',
    essential: true,
    placeholders: MEETING,
    subject: 'Scheduled: {{meetingKind}} with {{partner}}, {{when}}',
    body: MEETING_BODY('A {{meetingKind}} has been scheduled.'),
  },
  {
    trigger: 'check_in_changed',
    label: 'Check-in or coaching call changed',
    when: 'Staff change the time, length, agenda, link or host of a scheduled check-in or coaching call.',
    essential: true,
    placeholders: MEETING,
    subject: 'Changed: {{meetingKind}} with {{partner}}, now {{when}}',
    body: MEETING_BODY('A {{meetingKind}} was changed; this is how it stands now.'),
  },
  {
    trigger: 'check_in_cancelled',
    label: 'Check-in or coaching call cancelled',
    when: 'Staff cancel a scheduled check-in or coaching call.',
    essential: true,
    placeholders: { ...MEETING, reason: 'The assessor is unwell; we will propose a new date.' },
    subject: 'Cancelled: {{meetingKind}} with {{partner}} on {{when}}',
    body: 'Hello {{name}},\n\nThe {{meetingKind}} with {{partner}} on **{{when}}** is cancelled.\n\n{{reason}}\n\n[See check-ins]({{portalUrl}})',
  },
  {
    trigger: 'check_in_reminder',
    label: 'Check-in or coaching call tomorrow',
    when: 'The day before a scheduled check-in or coaching call (its partner members and the staff member running it).',
    essential: false,
    placeholders: MEETING,
    subject: 'Tomorrow: {{meetingKind}} with {{partner}}, {{when}}',
    body: MEETING_BODY('A reminder: your {{meetingKind}} is tomorrow.'),
  },
  // Issue 21, accreditation notices the platform sends itself (src/accreditation/accreditationNotices.ts).
  {
    trigger: 'accreditation_application_started',
    label: 'Accreditation application started',
    when: 'A partner organisation starts an application for an accreditation (to its members).',
    essential: true,
    placeholders: { ...application, stages: 'Document submission, Compliance review', itemCount: '3' },
    subject: 'Your application has started: {{application}}',
    body: 'Hello {{name}},\n\nWelcome: your {{application}} application is open. It has {{itemCount}} items to complete, stage by stage ({{stages}}), each with its own deadline. Our staff review each one as you submit it and tell you when it is approved or if anything needs changing.\n\n[Open the application]({{portalUrl}})',
  },
  {
    trigger: 'accreditation_document_received',
    label: 'Accreditation document received',
    when: 'A partner uploads a document or confirms an action of an accreditation application (to its members).',
    essential: true,
    placeholders: {
      ...application,
      fileName: 'tax-clearance-2026.pdf',
      version: '1',
      feedbackBy: '2026-12-08',
    },
    subject: 'Received: {{item}}',
    body: 'Hello {{name}},\n\nWe received **{{item}}** ({{fileName}}, version {{version}}) for your {{application}}. Our staff will review it; expect their feedback by **{{feedbackBy}}**.\n\n[Open the application]({{portalUrl}})',
  },
  {
    trigger: 'accreditation_review_waiting',
    label: 'Accreditation item waits for review (staff)',
    when: 'A partner submits an item: to the staff member assigned to the application, or to the accreditation team when nobody is.',
    essential: true,
    placeholders: {
      ...application,
      partner: 'Ubuntu Skills Academy',
      feedbackBy: '2026-12-08',
      portalUrl: 'https://credentials.example.org/admin/accreditation/42',
    },
    subject: 'Waiting for review: {{item}} ({{partner}})',
    body: 'Hello {{name}},\n\n{{partner}} submitted **{{item}}** for their {{application}}. The partner was told to expect feedback by **{{feedbackBy}}**.\n\n[Review it]({{portalUrl}})',
  },
  {
    trigger: 'accreditation_review_overdue',
    label: 'Accreditation review overdue (staff)',
    when: 'A submitted item was not reviewed within its accreditation type’s service level; once per submission, to the assignee or the accreditation team.',
    essential: true,
    placeholders: {
      ...application,
      partner: 'Ubuntu Skills Academy',
      feedbackBy: '2026-12-08',
      portalUrl: 'https://credentials.example.org/admin/accreditation/42',
    },
    subject: 'Review overdue: {{item}} ({{partner}})',
    body: 'Hello {{name}},\n\nThe review of **{{item}}** for the {{application}} of {{partner}} was due by **{{feedbackBy}}** and has not been given yet.\n\n[Review it]({{portalUrl}})',
  },
  // Additional review (src/accreditation/additionalReview.ts).
  {
    trigger: 'accreditation_additional_review_requested',
    label: 'Accreditation additional review requested (staff)',
    when: 'Staff send an item (or every item waiting for review) of an accreditation application to a second reviewer (to that reviewer).',
    essential: true,
    placeholders: {
      ...application,
      partner: 'Ubuntu Skills Academy',
      reason: 'The tax number does not match the registration',
      requestedBy: 'Thandi Mokoena',
      feedbackBy: '2026-12-08',
      portalUrl: 'https://credentials.example.org/admin/accreditation/42',
    },
    subject: 'Additional review: {{item}} ({{partner}})',
    body: 'Hello {{name}},\n\n{{requestedBy}} asks you for an additional review of **{{item}}** for the {{application}} of {{partner}}:\n\n> {{reason}}\n\nThe partner was told to expect a decision by **{{feedbackBy}}**. Approve it or send it back with guidance.\n\n[Review it]({{portalUrl}})',
  },
  {
    trigger: 'accreditation_additional_review',
    label: 'Accreditation item under additional review',
    when: 'Staff send an item of an accreditation application to a second reviewer (to the partner’s members).',
    essential: true,
    placeholders: { ...application, feedbackBy: '2026-12-08' },
    subject: 'Under additional review: {{item}}',
    body: 'Hello {{name}},\n\n**{{item}}** for your {{application}} is under additional review by a second member of our accreditation team. Expect the decision by **{{feedbackBy}}**; nothing is needed from you meanwhile.\n\n[Open the application]({{portalUrl}})',
  },
  {
    trigger: 'accreditation_item_approved',
    label: 'Accreditation item approved',
    when: 'Staff approve a document or action of an accreditation application (to the partner’s members).',
    essential: true,
    placeholders: { ...application, feedback: 'Clear and current; thank you.' },
    subject: 'Approved: {{item}}',
    body: 'Hello {{name}},\n\n**{{item}}** for your {{application}} was approved.\n\n{{feedback}}\n\n[Open the application]({{portalUrl}})',
  },
  {
    trigger: 'accreditation_stage_completed',
    label: 'Accreditation stage completed',
    when: 'Every item of a stage of an accreditation application is approved (to the partner’s members).',
    essential: true,
    placeholders: { ...application, stage: 'Document submission', next: 'Next: Compliance review.' },
    subject: 'Stage complete: {{stage}}',
    body: 'Hello {{name}},\n\nThe stage **{{stage}}** of your {{application}} is complete: every item in it is approved. {{next}}\n\n[Open the application]({{portalUrl}})',
  },
  {
    trigger: 'accreditation_inactive',
    label: 'Accreditation application inactive',
    when: 'An accreditation application had no activity for some days (ACCREDITATION_INACTIVITY_DAYS) while the partner has items to do; at most once per period.',
    essential: false,
    placeholders: { ...application, daysInactive: '14', outstanding: '2 items' },
    subject: 'Your application is waiting for you: {{application}}',
    body: 'Hello {{name}},\n\nNothing has happened on your {{application}} application for {{daysInactive}} days, and {{outstanding}} still wait for your organisation. What you submitted so far is saved.\n\n[Continue the application]({{portalUrl}})',
  },
  // Audit irregularities (src/accreditation/irregularities.ts, irregularityNotices.ts).
  {
    trigger: 'accreditation_irregularity_recorded',
    label: 'Audit irregularity recorded',
    when: 'Staff record an audit irregularity on a partner’s application or accreditation (to the partner’s members).',
    essential: true,
    placeholders: { ...irregularity, evidence: 'Two attendance registers carry the same signatures.' },
    subject: 'Audit irregularity: {{what}}',
    body: 'Hello {{name}},\n\nOur accreditation team recorded an audit irregularity (severity: {{severity}}):\n\n**{{what}}**\n\n{{evidence}}\n\nPlease respond, with documents if they help.\n\n[Respond]({{portalUrl}})',
  },
  {
    trigger: 'accreditation_irregularity_response',
    label: 'Audit irregularity response (staff)',
    when: 'A partner responds to an audit irregularity (to the staff who recorded it or decided on it).',
    essential: true,
    placeholders: {
      ...irregularity,
      partner: 'Ubuntu Skills Academy',
      portalUrl: 'https://credentials.example.org/admin/accreditation/irregularities/42',
    },
    subject: 'Response: {{what}} ({{partner}})',
    body: 'Hello {{name}},\n\n{{partner}} responded to the audit irregularity **{{what}}** (severity: {{severity}}).\n\n[Read it and decide]({{portalUrl}})',
  },
  {
    trigger: 'accreditation_irregularity_decided',
    label: 'Audit irregularity decided',
    when: 'Staff decide on an audit irregularity: resolved, corrective action required, or escalated (to the partner’s members).',
    essential: true,
    placeholders: {
      ...irregularity,
      outcome: 'corrective action is required',
      note: 'Keep one register per session, signed by each participant.',
      dueBy: 'Please complete it by 2026-12-31 and respond.',
    },
    subject: 'Audit irregularity {{outcome}}',
    body: 'Hello {{name}},\n\nOur decision on the audit irregularity **{{what}}**: {{outcome}}.\n\n{{note}}\n\n{{dueBy}}\n\n[Open it]({{portalUrl}})',
  },
];

const BY_TRIGGER = new Map(TRIGGERS.map((t) => [t.trigger, t]));

/** Every trigger, in the order the console lists them. */
export function listTriggers(): readonly MessageTrigger[] {
  return TRIGGERS;
}

/** One trigger's definition, or undefined for a name that is not one. */
export function findTrigger(trigger: string): MessageTrigger | undefined {
  return BY_TRIGGER.get(trigger);
}
