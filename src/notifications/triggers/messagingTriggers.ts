/**
 * Messages about conversations with the team and from staff: admin messages, marketing,
 * the conversation survey, staff alerts and the monitoring alert.
 */
import { type MessageTrigger, person } from './triggerSamples.js';

export const MESSAGING_TRIGGERS: MessageTrigger[] = [
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
];
