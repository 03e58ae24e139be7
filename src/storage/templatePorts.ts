/**
 * Repository interface for certificate templates (src/templates/): a named template and
 * its numbered versions. A version's design may be edited only while it is a draft;
 * once locked (attached to something that renders certificates) it never changes, so a
 * certificate rendered with (templateId, version) always looks the same. Same rules as
 * ports.ts: plain JSON-able records, one contract suite for every adapter.
 */
import type { TemplateDesign } from '../rendering/templateDesign.js';

/** A certificate template: the name staff know it by. Its designs are its versions. */
export interface TemplateRecord {
  id: string;
  name: string;
  createdAt: string;
  /** The user id of the staff member who created it. */
  createdBy: string;
}

/** One version of a template. Locked versions are immutable. */
export interface TemplateVersionRecord {
  templateId: string;
  /** 1, 2, ... per template, never reused. */
  version: number;
  design: TemplateDesign;
  createdAt: string;
  createdBy: string;
  /** When a draft was last edited, and by whom (absent until the first edit). */
  updatedAt?: string;
  updatedBy?: string;
  /** Set once, when the version is locked; a locked version is never edited again. */
  lockedAt?: string;
}

/** A template in a list, with its newest version's number and state. */
export interface TemplateSummary extends TemplateRecord {
  latestVersion: number;
  latestLocked: boolean;
}

/** Raised by `updateDraft` when the version is locked. */
export class LockedTemplateVersionError extends Error {
  constructor(
    readonly templateId: string,
    readonly version: number,
  ) {
    super(`Version ${version} of template ${templateId} is locked`);
    this.name = 'LockedTemplateVersionError';
  }
}

/** Who made a change, and when. */
interface TemplateChange {
  at: string;
  by: string;
}

/** Templates and their versions. */
export interface TemplateStore {
  /** Stores a new template with `design` as its version 1; throws if the id exists. */
  createTemplate(template: TemplateRecord, design: TemplateDesign): Promise<TemplateVersionRecord>;
  getTemplate(id: string): Promise<TemplateRecord | undefined>;
  /**
   * Adds the next version (latest + 1) atomically: concurrent adds never get the same
   * number. Undefined if the template does not exist.
   */
  addVersion(
    templateId: string,
    design: TemplateDesign,
    change: TemplateChange,
  ): Promise<TemplateVersionRecord | undefined>;
  getVersion(templateId: string, version: number): Promise<TemplateVersionRecord | undefined>;
  /** The highest-numbered version. */
  latestVersion(templateId: string): Promise<TemplateVersionRecord | undefined>;
  /** Every template, by name (then id), with its latest version number and lock state. */
  listTemplates(): Promise<TemplateSummary[]>;
  /** A template's versions, newest first. */
  listVersions(templateId: string): Promise<TemplateVersionRecord[]>;
  /**
   * Locks a version (idempotent: an already locked version keeps its first lockedAt).
   * Returns the version, or undefined if it does not exist.
   */
  lockVersion(templateId: string, version: number, now: string): Promise<TemplateVersionRecord | undefined>;
  /**
   * Replaces the design of an unlocked version, atomically with the lock check: throws
   * LockedTemplateVersionError if it is locked (also when a lock won a race). Returns the
   * updated version, or undefined if it does not exist.
   */
  updateDraft(
    templateId: string,
    version: number,
    design: TemplateDesign,
    change: TemplateChange,
  ): Promise<TemplateVersionRecord | undefined>;
}
