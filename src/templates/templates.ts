/**
 * Certificate templates, managed by staff and admins (object checks here, whatever the
 * route already checked): create one (its version 1), edit it (the latest version while
 * it is a draft; once that is locked, the edit becomes a new version and the locked one
 * stays as it was), lock a version, and attach one to something that renders certificates
 * (which locks it). Every change is audited against the template.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import type { TemplateDesign, TemplateRef } from '../rendering/templateDesign.js';
import {
  LockedTemplateVersionError,
  type Stores,
  type TemplateRecord,
  type TemplateSummary,
  type TemplateVersionRecord,
} from '../storage/ports.js';
import { parseDesign } from './designSchema.js';

/** What the template functions need (DESIGN rule 1). */
export interface TemplateDeps {
  stores: Pick<Stores, 'templates' | 'audit'>;
  now: () => Date;
}

/** The longest template name (characters). */
export const MAX_TEMPLATE_NAME = 120;

/** A template and its versions, newest first (never empty). */
export interface TemplateWithVersions {
  template: TemplateRecord;
  versions: TemplateVersionRecord[];
}

/** The result of an edit: the version written, and the locked one it replaced, if any. */
export interface TemplateEdit {
  version: TemplateVersionRecord;
  replaced?: number;
}

function requireStaff(actor: Actor): void {
  if (actor.role !== 'admin' && actor.role !== 'staff')
    throw new AppError('forbidden', 'Only staff can manage certificate templates');
}

function templateName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new AppError('invalid_request', 'Name (name): enter the template name');
  if (trimmed.length > MAX_TEMPLATE_NAME)
    throw new AppError('invalid_request', `Name (name): at most ${MAX_TEMPLATE_NAME} characters`);
  return trimmed;
}

/** Every template with its latest version and whether that is locked (staff). */
export async function listTemplates(deps: TemplateDeps, actor: Actor): Promise<TemplateSummary[]> {
  requireStaff(actor);
  return deps.stores.templates.listTemplates();
}

/** One template and its versions (staff); 404 if unknown. */
export async function templateWithVersions(
  deps: TemplateDeps,
  actor: Actor,
  templateId: string,
): Promise<TemplateWithVersions> {
  requireStaff(actor);
  const [template, versions] = await Promise.all([
    deps.stores.templates.getTemplate(templateId),
    deps.stores.templates.listVersions(templateId),
  ]);
  if (!template || versions.length === 0) throw new AppError('not_found', 'No such template');
  return { template, versions };
}

/** One version of a template and the latest version's number (staff); 404 if unknown. */
export async function templateVersion(
  deps: TemplateDeps,
  actor: Actor,
  ref: TemplateRef,
): Promise<{ template: TemplateRecord; version: TemplateVersionRecord; latestVersion: number }> {
  requireStaff(actor);
  const { templates } = deps.stores;
  const [template, version, latest] = await Promise.all([
    templates.getTemplate(ref.templateId),
    templates.getVersion(ref.templateId, ref.version),
    templates.latestVersion(ref.templateId),
  ]);
  if (!template || !version || !latest)
    throw new AppError('not_found', `No version ${ref.version} of this template`);
  return { template, version, latestVersion: latest.version };
}

/** Creates a template whose version 1 is `design` (validated here). */
export async function createTemplate(
  deps: TemplateDeps,
  actor: Actor,
  input: { name: string; design: unknown },
): Promise<TemplateWithVersions> {
  requireStaff(actor);
  const name = templateName(input.name);
  const design = parseDesign(input.design);
  const template: TemplateRecord = {
    id: randomUUID(),
    name,
    createdAt: deps.now().toISOString(),
    createdBy: actor.id,
  };
  const first = await deps.stores.templates.createTemplate(template, design);
  await audit(deps, actor, 'template.created', { type: 'template', id: template.id }, { name, version: 1 });
  return { template, versions: [first] };
}

/**
 * Saves a new design for a template. `edit` gets the latest version's design (so a form
 * can keep its images) and returns the new one, which is validated here. A draft latest
 * version is updated in place; a locked one (also one locked while this ran) is left as
 * it is and the design becomes the next version.
 */
export async function editTemplate(
  deps: TemplateDeps,
  actor: Actor,
  templateId: string,
  edit: (current: TemplateDesign) => unknown,
): Promise<TemplateEdit> {
  requireStaff(actor);
  const latest = await deps.stores.templates.latestVersion(templateId);
  if (!latest) throw new AppError('not_found', 'No such template');
  const design = parseDesign(edit(latest.design));
  const change = { at: deps.now().toISOString(), by: actor.id };
  if (!latest.lockedAt) {
    try {
      const updated = await deps.stores.templates.updateDraft(templateId, latest.version, design, change);
      if (updated) {
        await audit(
          deps,
          actor,
          'template.version_updated',
          { type: 'template', id: templateId },
          { version: updated.version },
        );
        return { version: updated };
      }
    } catch (error) {
      if (!(error instanceof LockedTemplateVersionError)) throw error;
    }
  }
  const added = await deps.stores.templates.addVersion(templateId, design, change);
  if (!added) throw new AppError('not_found', 'No such template');
  await audit(
    deps,
    actor,
    'template.version_created',
    { type: 'template', id: templateId },
    { version: added.version, replaces: latest.version },
  );
  return { version: added, replaced: latest.version };
}

/**
 * Locks a version so it never changes again (idempotent; audited when it changes).
 * Batches call this when a template is attached; the console has a button for it.
 */
export async function lockTemplateVersion(
  deps: TemplateDeps,
  actor: Actor,
  ref: TemplateRef,
  reason?: { type: string; id: string },
): Promise<TemplateVersionRecord> {
  requireStaff(actor);
  const existing = await deps.stores.templates.getVersion(ref.templateId, ref.version);
  if (!existing) throw new AppError('not_found', `No version ${ref.version} of this template`);
  const locked = await deps.stores.templates.lockVersion(
    ref.templateId,
    ref.version,
    deps.now().toISOString(),
  );
  if (!locked) throw new AppError('not_found', `No version ${ref.version} of this template`);
  if (!existing.lockedAt) {
    await audit(
      deps,
      actor,
      'template.version_locked',
      { type: 'template', id: ref.templateId },
      { version: ref.version, ...(reason ? { for: reason } : {}) },
    );
  }
  return locked;
}

/**
 * Attaches a template version to something that renders certificates with it (a batch):
 * locks it and returns the design to render with, audited against the template.
 */
export async function attachTemplate(
  deps: TemplateDeps,
  actor: Actor,
  ref: TemplateRef,
  to: { type: string; id: string },
): Promise<{ ref: TemplateRef; design: TemplateDesign }> {
  const locked = await lockTemplateVersion(deps, actor, ref, to);
  await audit(
    deps,
    actor,
    'template.attached',
    { type: 'template', id: ref.templateId },
    { version: ref.version, to },
  );
  return { ref: { templateId: ref.templateId, version: ref.version }, design: locked.design };
}

/**
 * The template version an issuance or a batch asks for: it must exist, and is locked now,
 * because a credential records the version it is drawn with and that version must never
 * change under it. No version given: the template's newest version. The caller has
 * checked who may ask (an API key's scope, or staff creating a batch); `field` names the
 * request field in the 400 when the template does not exist.
 */
export async function templateForIssuance(
  deps: Pick<TemplateDeps, 'stores' | 'now'>,
  wanted: { templateId: string; version?: number },
  field = 'options.template',
): Promise<TemplateRef> {
  const found =
    wanted.version === undefined
      ? await deps.stores.templates.latestVersion(wanted.templateId)
      : await deps.stores.templates.getVersion(wanted.templateId, wanted.version);
  if (!found) {
    throw new AppError(
      'invalid_request',
      `No template ${wanted.templateId}${wanted.version === undefined ? '' : ` version ${wanted.version}`}: ${field} must name an existing template`,
    );
  }
  await deps.stores.templates.lockVersion(found.templateId, found.version, deps.now().toISOString());
  return { templateId: found.templateId, version: found.version };
}
