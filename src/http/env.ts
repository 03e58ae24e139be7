/** The Hono environment shared by every route module: deps, request id and caller. */
import type { AppDeps } from '../deps.js';

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
  };
}
