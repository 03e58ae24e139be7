/**
 * News, offers and location in the portal (/me/marketing): the person grants or withdraws
 * marketing consent against the text version their page showed, and sets or clears their
 * optional location. Only ever their own: there is no id in these paths.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.js';
import { currentUser, formFields, render } from './pageKit.js';
import { attempt, shell, type FormStatus } from './publicKit.js';
import { AppError } from '../../errors.js';
import {
  marketingDeps,
  myMarketing,
  setMyLocation,
  setMyMarketingConsent,
} from '../../accounts/marketingConsent.js';
import { MyMarketingView } from '../views/marketingViews.js';

const SAVED: Record<string, string> = {
  grant: 'Thank you: you will get news and offers. You can stop them here or from any of them.',
  withdraw: 'Done: you will get no more news and offers.',
  location: 'Your location was saved.',
};

const consentForm = z.object({
  choice: z.enum(['grant', 'withdraw'], { error: 'choice: grant or withdraw' }),
  textVersion: z.string().trim().min(1, { error: 'textVersion: the version of the text you read' }).max(40),
});

const locationForm = z.object({
  country: z.string().max(10).optional(),
  region: z.string().max(200).optional(),
  city: z.string().max(200).optional(),
});

/** Parses a form with its schema; a refusal is a 400 naming the first problem. */
function parsed<T>(schema: z.ZodType<T>, fields: Record<string, string>): T {
  const result = schema.safeParse(fields);
  if (!result.success)
    throw new AppError('invalid_request', result.error.issues[0]?.message ?? 'Invalid form');
  return result.data;
}

async function marketingPage(
  c: Context<AppEnv>,
  extra: {
    consentError?: string;
    locationError?: string;
    values?: Record<string, string>;
    status?: FormStatus;
  } = {},
): Promise<Response> {
  const marketing = await myMarketing(marketingDeps(c.var.deps), currentUser(c));
  return render(
    c,
    <MyMarketingView
      {...shell(c)}
      marketing={marketing}
      saved={SAVED[c.req.query('saved') ?? '']}
      consentError={extra.consentError}
      locationError={extra.locationError}
      values={extra.values}
    />,
    extra.status ?? 200,
  );
}

/** The /me/marketing sub-app (behind the portal's middleware). */
export function portalMarketingRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => marketingPage(c));
  app.post('/consent', async (c) => {
    const form = parsed(consentForm, await formFields(c));
    const result = await attempt(() =>
      setMyMarketingConsent(marketingDeps(c.var.deps), currentUser(c), {
        granted: form.choice === 'grant',
        textVersion: form.textVersion,
      }),
    );
    if (result.error)
      return marketingPage(c, { consentError: result.error.message, status: result.error.status });
    return c.redirect(`/me/marketing?saved=${form.choice}#consent`, 303);
  });
  app.post('/location', async (c) => {
    const fields = await formFields(c);
    const form = parsed(locationForm, fields);
    const result = await attempt(() => setMyLocation(marketingDeps(c.var.deps), currentUser(c), form));
    if (result.error)
      return marketingPage(c, {
        locationError: result.error.message,
        values: fields,
        status: result.error.status,
      });
    return c.redirect('/me/marketing?saved=location#location', 303);
  });
  return app;
}
