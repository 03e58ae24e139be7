/**
 * A person's conversations with the team, under /me/messages (session and CSRF from the
 * /me sub-app): the list and new-conversation form, one thread with reply and rating, a
 * report, erasing the whole history, and the live event stream. Someone else's
 * conversation is a 404. Post-redirect-get after every change.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { actorOf, currentUser, formFields, render } from './pageKit.js';
import { attempt, shell } from './publicKit.js';
import { AppError } from '../../errors.js';
import { CONVERSATION_CATEGORIES, type ConversationCategory } from '../../storage/ports.js';
import { myConversations, readConversation } from '../../messaging/conversationReads.js';
import { openConversation, replyToConversation } from '../../messaging/conversationWrites.js';
import { reportMessage } from '../../messaging/staffActions.js';
import { eraseMyMessages, rateConversation } from '../../messaging/messagingPrivacy.js';
import { MESSAGING_POLICY } from '../../messaging/spamFilter.js';
import { ConversationView, MyMessagesView } from '../views/messagesView.js';
import { conversationEvents } from './conversationStream.js';

const DONE: Record<string, string> = {
  reported: 'Thank you: the team will look at the message you reported.',
  erased: 'Your message history was deleted.',
  rated: 'Thank you for your rating.',
  surveyed: 'Thank you for answering the survey.',
  held: 'Your message was received and will be checked before the team sees it.',
};

type Failure = { message: string; status: 400 | 401 | 403 | 404 | 409 | 429 };

async function listPage(
  c: Context<AppEnv>,
  options: { error?: Failure; values?: Record<string, string> } = {},
): Promise<Response> {
  const conversations = await myConversations(c.var.deps.messaging, actorOf(currentUser(c)));
  const notice = DONE[c.req.query('done') ?? ''];
  return render(
    c,
    <MyMessagesView
      {...shell(c)}
      conversations={conversations}
      policy={MESSAGING_POLICY}
      values={options.values ?? {}}
      error={options.error?.message}
      notice={notice}
    />,
    options.error?.status ?? 200,
  );
}

async function threadPage(
  c: Context<AppEnv>,
  id: string,
  options: { error?: Failure; draft?: string } = {},
): Promise<Response> {
  const { conversation, subject, messages } = await readConversation(
    c.var.deps.messaging,
    actorOf(currentUser(c)),
    id,
  );
  const notice = DONE[c.req.query('done') ?? ''];
  const page = (
    <ConversationView
      {...shell(c)}
      conversation={conversation}
      subject={subject}
      messages={messages}
      error={options.error?.message}
      notice={notice}
      draft={options.draft ?? ''}
    />
  );
  return render(c, page, options.error?.status ?? 200);
}

function categoryOf(value: string | undefined): ConversationCategory {
  if (!(CONVERSATION_CATEGORIES as readonly string[]).includes(value ?? ''))
    throw new AppError(
      'invalid_request',
      `Choose what the message is about: ${CONVERSATION_CATEGORIES.join(', ')}`,
    );
  return value as ConversationCategory;
}

/** The message pages, the sub-app at /me/messages (behind the portal's middleware). */
export function portalMessageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => listPage(c));
  app.post('/', async (c) => {
    const fields = await formFields(c);
    const result = await attempt(() =>
      openConversation(c.var.deps.messaging, actorOf(currentUser(c)), {
        category: categoryOf(fields.category),
        subject: fields.subject ?? '',
        body: fields.body ?? '',
      }),
    );
    if (result.error) return listPage(c, { error: result.error, values: fields });
    return c.redirect(
      `/me/messages/${result.value.id}${result.value.messageCount === 0 ? '?done=held' : ''}`,
      303,
    );
  });
  app.post('/reports', async (c) => {
    const fields = await formFields(c);
    const report = await reportMessage(
      c.var.deps.messaging,
      actorOf(currentUser(c)),
      fields.messageId ?? '',
      fields.reason ?? '',
    );
    return c.redirect(`/me/messages/${report.conversationId}?done=reported`, 303);
  });
  app.post('/erase', async (c) => {
    const fields = await formFields(c);
    if ((fields.confirmation ?? '').trim() !== 'ERASE')
      return listPage(c, { error: { message: 'Type ERASE in capitals to confirm', status: 400 } });
    await eraseMyMessages(c.var.deps.messaging, actorOf(currentUser(c)));
    return c.redirect('/me/messages?done=erased', 303);
  });
  app.get('/:id', (c) => threadPage(c, c.req.param('id')));
  app.get('/:id/events', (c) => conversationEvents(c, actorOf(currentUser(c)), c.req.param('id')));
  app.post('/:id/replies', async (c) => {
    const id = c.req.param('id');
    const fields = await formFields(c);
    const result = await attempt(() =>
      replyToConversation(c.var.deps.messaging, actorOf(currentUser(c)), id, fields.body ?? ''),
    );
    if (result.error) return threadPage(c, id, { error: result.error, draft: fields.body ?? '' });
    return c.redirect(`/me/messages/${id}${result.value.held ? '?done=held' : ''}`, 303);
  });
  app.post('/:id/rating', async (c) => {
    const id = c.req.param('id');
    const fields = await formFields(c);
    const result = await attempt(() =>
      rateConversation(
        c.var.deps.messaging,
        actorOf(currentUser(c)),
        id,
        Number(fields.score),
        fields.comment,
      ),
    );
    if (result.error) return threadPage(c, id, { error: result.error });
    return c.redirect(`/me/messages/${id}?done=rated`, 303);
  });
  return app;
}
