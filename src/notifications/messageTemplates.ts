/**
 * Message templates: what each trigger says, per language, in versions staff edit in the
 * console. Composing a message picks the newest saved version in the person's language,
 * then in English, then the built-in text, and records which one it used on the message,
 * so the delivery log can say exactly what someone was sent.
 */
import { AppError } from '../errors.js';
import { escapeHtml } from '../mail/simpleMail.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit, type AuditDeps } from '../accounts/audit.js';
import { DuplicateRecordError, type MessageTemplateVersion, type Stores } from '../storage/ports.js';
import { placeholdersIn, renderMarkdown, renderSubject } from './markdown.js';
import { DEFAULT_LANGUAGE, findTrigger, MESSAGE_LANGUAGES, type MessageTrigger } from './messageTriggers.js';

/** What composing needs: the store holding saved templates. */
export interface MessageTemplateDeps {
  stores: Pick<Stores, 'messageTemplates'>;
}

/** A message ready to queue: subject, plain text, HTML, and the template it came from. */
export interface ComposedMessage {
  subject: string;
  text: string;
  html: string;
  /** `trigger/language@version`; version 0 is the built-in text. */
  templateRef: string;
  essential: boolean;
}

/** The trigger's definition; a programming error if it is not one. */
function requireTrigger(trigger: string): MessageTrigger {
  const definition = findTrigger(trigger);
  if (!definition) throw new Error(`No message trigger named ${trigger}`);
  return definition;
}

/**
 * The HTML part's frame: a narrow column readable in any mail client (inline styles only:
 * many clients drop <style>), the organisation's name, and why the person got it.
 */
function emailLayout(bodyHtml: string, organisation: string, footer: string): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>',
    '<body style="margin:0;padding:24px;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1f2933">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:6px;padding:24px;line-height:1.5;font-size:15px">',
    `<div style="font-weight:bold;color:#0b5394;margin-bottom:16px">${escapeHtml(organisation)}</div>`,
    bodyHtml,
    `<div style="margin-top:24px;font-size:12px;color:#6b7280">${escapeHtml(footer)}</div>`,
    '</div></body></html>',
  ].join('');
}

/** The saved template to use: the person's language, then English; undefined means built-in. */
async function savedTemplate(
  deps: MessageTemplateDeps,
  trigger: string,
  language: string | undefined,
): Promise<MessageTemplateVersion | undefined> {
  if (language && language !== DEFAULT_LANGUAGE) {
    const localised = await deps.stores.messageTemplates.getMessageTemplate(trigger, language);
    if (localised) return localised;
  }
  return deps.stores.messageTemplates.getMessageTemplate(trigger, DEFAULT_LANGUAGE);
}

/** Renders a subject and body with values; `organisation` names the sender in the frame. */
function renderTemplate(
  definition: MessageTrigger,
  template: { subject: string; body: string },
  values: Record<string, string>,
): Omit<ComposedMessage, 'templateRef'> {
  const body = renderMarkdown(template.body, values);
  const footer = definition.essential
    ? `You receive this because of your account with ${values.organisation ?? 'us'}.`
    : `This is a reminder; you can turn reminder emails off in your notification settings.`;
  return {
    subject: renderSubject(template.subject, values),
    text: body.text,
    html: emailLayout(body.html, values.organisation ?? '', footer),
    essential: definition.essential,
  };
}

/** Composes a trigger's message for one person (values fill the placeholders). */
export async function composeMessage(
  deps: MessageTemplateDeps,
  trigger: string,
  language: string | undefined,
  values: Record<string, string>,
): Promise<ComposedMessage> {
  const definition = requireTrigger(trigger);
  const saved = await savedTemplate(deps, trigger, language);
  const template = saved ?? {
    subject: definition.subject,
    body: definition.body,
    language: DEFAULT_LANGUAGE,
    version: 0,
  };
  return {
    ...renderTemplate(definition, template, values),
    templateRef: `${trigger}/${template.language}@${template.version}`,
  };
}

/** What staff submit from the editor. */
export interface TemplateDraft {
  trigger: string;
  language: string;
  subject: string;
  body: string;
  /** The version the editor started from (0: the built-in text), to catch a concurrent save. */
  baseVersion: number;
}

/** Checks a draft against its trigger: known language, lengths, only the trigger's placeholders. */
export function checkDraft(draft: Omit<TemplateDraft, 'baseVersion'>): MessageTrigger {
  const definition = findTrigger(draft.trigger);
  if (!definition) throw new AppError('not_found', `There is no message trigger named ${draft.trigger}`);
  if (!MESSAGE_LANGUAGES[draft.language])
    throw new AppError(
      'invalid_request',
      `Language must be one of ${Object.keys(MESSAGE_LANGUAGES).join(', ')}`,
    );
  if (draft.subject.trim().length === 0 || draft.subject.length > 200)
    throw new AppError('invalid_request', 'The subject must be 1 to 200 characters');
  if (draft.body.trim().length === 0 || draft.body.length > 20_000)
    throw new AppError('invalid_request', 'The body must be 1 to 20,000 characters');
  const allowed = Object.keys(definition.placeholders);
  const unknown = placeholdersIn(`${draft.subject}\n${draft.body}`).filter((name) => !allowed.includes(name));
  if (unknown.length > 0) {
    throw new AppError(
      'invalid_request',
      `Unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `{{${n}}}`).join(', ')}; this message can use ${allowed.map((n) => `{{${n}}}`).join(', ')}`,
      { field: 'body' },
    );
  }
  return definition;
}

/**
 * Renders a draft with the trigger's sample values, for the preview (nothing is saved);
 * `bodyHtml` is the body without the email frame, for showing inside a page.
 */
export function previewDraft(
  draft: Omit<TemplateDraft, 'baseVersion'>,
): Omit<ComposedMessage, 'templateRef'> & { bodyHtml: string } {
  const definition = checkDraft(draft);
  return {
    ...renderTemplate(definition, draft, definition.placeholders),
    bodyHtml: renderMarkdown(draft.body, definition.placeholders).html,
  };
}

/** The template an editor opens: the newest saved version in that language, or the built-in text. */
export async function templateForEditing(
  deps: MessageTemplateDeps,
  trigger: string,
  language: string,
): Promise<{
  definition: MessageTrigger;
  subject: string;
  body: string;
  version: number;
  history: MessageTemplateVersion[];
}> {
  const definition = findTrigger(trigger);
  if (!definition) throw new AppError('not_found', `There is no message trigger named ${trigger}`);
  if (!MESSAGE_LANGUAGES[language]) throw new AppError('not_found', `There is no language ${language}`);
  const history = await deps.stores.messageTemplates.listMessageTemplateVersions(trigger, language);
  const latest = history[0];
  return {
    definition,
    subject: latest?.subject ?? definition.subject,
    body: latest?.body ?? definition.body,
    version: latest?.version ?? 0,
    history,
  };
}

/** Saves a draft as the next version; 409 when someone saved since the editor opened it. */
export async function saveMessageTemplate(
  deps: MessageTemplateDeps & AuditDeps,
  actor: Actor,
  draft: TemplateDraft,
): Promise<MessageTemplateVersion> {
  if (actor.role !== 'staff' && actor.role !== 'admin')
    throw new AppError('forbidden', 'Only staff can edit message templates');
  checkDraft(draft);
  const latest = await deps.stores.messageTemplates.getMessageTemplate(draft.trigger, draft.language);
  const current = latest?.version ?? 0;
  const conflict = () =>
    new AppError(
      'conflict',
      `Someone saved version ${current} of this template after you opened it; reload to see it, then edit again`,
    );
  if (draft.baseVersion !== current) throw conflict();
  const saved: MessageTemplateVersion = {
    trigger: draft.trigger,
    language: draft.language,
    version: current + 1,
    subject: draft.subject.trim(),
    body: draft.body.replace(/\r\n/g, '\n'),
    createdAt: deps.now().toISOString(),
    createdBy: actor.id,
  };
  try {
    await deps.stores.messageTemplates.addMessageTemplate(saved);
  } catch (error) {
    if (error instanceof DuplicateRecordError) throw conflict();
    throw error;
  }
  await audit(
    deps,
    actor,
    'message_template.saved',
    { type: 'message_template', id: `${saved.trigger}/${saved.language}` },
    { version: saved.version },
  );
  return saved;
}

/** What the editor reads besides the templates: the names of the people who saved versions. */
export interface TemplateEditorDeps {
  stores: Pick<Stores, 'messageTemplates' | 'users'>;
}

function requireTemplateStaff(actor: Actor): void {
  if (actor.role !== 'staff' && actor.role !== 'admin')
    throw new AppError('forbidden', 'Only staff can edit message templates');
}

/**
 * The newest saved version of every trigger and language (staff and admins only). Its
 * size is bounded by the triggers times the languages, both fixed in code.
 */
export async function savedTemplates(
  deps: MessageTemplateDeps,
  actor: Actor,
): Promise<MessageTemplateVersion[]> {
  requireTemplateStaff(actor);
  return deps.stores.messageTemplates.listMessageTemplates();
}

/**
 * The editor of one trigger in one language (staff and admins only): the template as it
 * opens, who saved each version (by name; an erased account shows its id), and the
 * version saved in each language.
 */
export async function templateEditor(
  deps: TemplateEditorDeps,
  actor: Actor,
  trigger: string,
  language: string,
): Promise<
  Awaited<ReturnType<typeof templateForEditing>> & {
    authorNames: Map<string, string>;
    savedLanguages: Record<string, number>;
  }
> {
  requireTemplateStaff(actor);
  const current = await templateForEditing(deps, trigger, language);
  const authors = [...new Set(current.history.map((v) => v.createdBy))];
  const [users, saved] = await Promise.all([
    Promise.all(authors.map((id) => deps.stores.users.get(id))),
    deps.stores.messageTemplates.listMessageTemplates(),
  ]);
  const authorNames = new Map(authors.map((id, i) => [id, users[i]?.name ?? id]));
  const savedLanguages = Object.fromEntries(
    saved.filter((s) => s.trigger === trigger).map((s) => [s.language, s.version]),
  );
  return { ...current, authorNames, savedLanguages };
}
