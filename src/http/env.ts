/** The Hono environment shared by every route module: deps, request id and caller. */
import type { AppDeps } from '../deps.js';
import type { UserRecord } from '../storage/ports.js';

/** Who is calling, once an API key has been checked. */
export interface Principal {
  keyId: string;
  name: string;
  scopes: string[];
}

/** Hono env type for this app. */
export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    principal?: Principal;
    /** The signed-in person (browser session), if any. */
    user?: UserRecord;
    /** The session cookie's secret, to end the session on sign-out. */
    sessionSecret?: string;
    /** The CSRF token forms must echo back. */
    csrfToken: string;
  };
}
