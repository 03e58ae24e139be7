/**
 * The four OAuth scopes of the Open Badges 3.0 API (the OpenAPI document's OAuth2ACG
 * scheme), with what each lets an app do, in the words the consent screen shows.
 */
const SCOPE_BASE = 'https://purl.imsglobal.org/spec/ob/v3p0/scope/';

export const OB3_SCOPES = {
  credentialRead: `${SCOPE_BASE}credential.readonly`,
  credentialUpsert: `${SCOPE_BASE}credential.upsert`,
  profileRead: `${SCOPE_BASE}profile.readonly`,
  profileUpdate: `${SCOPE_BASE}profile.update`,
} as const;

export type Ob3Scope = (typeof OB3_SCOPES)[keyof typeof OB3_SCOPES];

export const ALL_OB3_SCOPES: readonly Ob3Scope[] = Object.values(OB3_SCOPES);

/** What each scope allows, as a person reads it on the consent screen and in /me. */
export const SCOPE_WORDS: Record<Ob3Scope, string> = {
  [OB3_SCOPES.credentialRead]:
    'See your certificates: those we issued you and those you keep in your backpack',
  [OB3_SCOPES.credentialUpsert]: 'Add certificates to your backpack, or replace ones it added before',
  [OB3_SCOPES.profileRead]: 'See your profile: your name and email address',
  [OB3_SCOPES.profileUpdate]: 'Change the name on your profile',
};

/** Whether a string is one of the four scopes. */
export function isOb3Scope(scope: string): scope is Ob3Scope {
  return (ALL_OB3_SCOPES as readonly string[]).includes(scope);
}
