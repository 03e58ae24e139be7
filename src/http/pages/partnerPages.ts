/**
 * /partner (partners only): their organisation and its members, and the issuer DID it
 * registers for the trust list. Which organisation is decided by the domain's object-level
 * check, so another organisation's id in the URL answers 404 exactly like an unknown one.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { requireRole } from '../middleware/roles.js';
import { organisationWithMembers } from '../../accounts/directory.js';
import { formFields, pageMiddleware, render } from './pageKit.js';
import { attempt, pageContext, type NoticeData, type PageStatus } from './consoleKit.js';
import {
  newDidChallenge,
  partnerIssuerStanding,
  registerPartnerIssuer,
  removePartnerIssuer,
} from '../../trust/partnerIssuers.js';
import { PartnerPage } from '../views/partnerView.js';
import { partnerApplicationRoutes, partnerReportRoutes } from './accreditationPages.js';
import { PARTNER_APPLICATIONS } from './accreditationPageKit.js';
import { partnerApplicationOverview } from '../../accreditation/applicationOverview.js';
import { previousQuarter, quarterOf } from '../../accreditation/quarterlyReport.js';
import { partnerOrganisationRoutes } from './organisationDetailsPages.js';
import { partnerCheckInRoutes } from './checkInPages.js';
import { partnerIrregularityRoutes } from './irregularityPages.js';

const DONE: Record<string, string> = {
  did_registered: 'The issuer DID was registered.',
  did_removed:
    'The issuer DID was removed; credentials signed with it show as from an unknown issuer from now on.',
};

interface Extra {
  notice?: NoticeData | undefined;
  status?: PageStatus;
  didValue?: string | undefined;
}

async function showOrganisation(
  c: Context<AppEnv>,
  organisationId: string | undefined,
  extra: Extra = {},
): Promise<Response> {
  const { user, actor, csrfToken, accounts } = pageContext(c);
  const done = c.req.query('done') ?? '';
  const notice =
    extra.notice ?? (Object.hasOwn(DONE, done) ? { kind: 'success' as const, text: DONE[done]! } : undefined);
  if (!organisationId)
    return render(c, PartnerPage({ user, csrfToken, members: [], notice }), extra.status ?? 200);
  const { organisation, members } = await organisationWithMembers(accounts, actor, organisationId);
  const issuer = await partnerIssuerStanding(c.var.deps, actor, organisation.id);
  const challenge = await newDidChallenge(c.var.deps, actor);
  const { applications, openTypes: types } = await partnerApplicationOverview(
    c.var.deps.accreditation,
    actor,
    organisation.id,
  );
  const now = c.var.deps.now();
  const reports = [quarterOf(now), previousQuarter(now)];
  return render(
    c,
    PartnerPage({
      user,
      csrfToken,
      organisation,
      members,
      applications,
      types,
      applicationsBase: PARTNER_APPLICATIONS,
      reports,
      issuer,
      challenge,
      notice,
      didValue: extra.didValue,
    }),
    extra.status ?? 200,
  );
}

const ownOrganisation = (c: Context<AppEnv>) => pageContext(c).user.organisationId;

/**
 * The DID and the signed presentation from the form: the chosen .json file when there is
 * one, else the pasted text (the body limit bounds the file; the domain, its length).
 */
async function registrationForm(c: Context<AppEnv>): Promise<{ did: string; presentation: string }> {
  const fields = await formFields(c);
  const file = (await c.req.parseBody()).presentationFile;
  const presentation =
    file instanceof File && file.size > 0 ? await file.text() : (fields.presentation ?? '');
  return { did: fields.did ?? '', presentation };
}

/** The partner portal, mounted at /partner. */
export function partnerRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .use('*', ...pageMiddleware, requireRole('partner'))
    .get('/', (c) => showOrganisation(c, ownOrganisation(c)))
    .post('/issuer-did', async (c) => {
      const form = await registrationForm(c);
      const result = await attempt(() => registerPartnerIssuer(c.var.deps, pageContext(c).actor, form));
      if (!result.ok)
        return showOrganisation(c, ownOrganisation(c), {
          notice: result.notice,
          status: result.status,
          didValue: form.did,
        });
      return c.redirect('/partner?done=did_registered', 303);
    })
    .post('/issuer-did/remove', async (c) => {
      await formFields(c);
      const result = await attempt(() => removePartnerIssuer(c.var.deps, pageContext(c).actor));
      if (!result.ok)
        return showOrganisation(c, ownOrganisation(c), { notice: result.notice, status: result.status });
      return c.redirect('/partner?done=did_removed', 303);
    })
    .get('/organisations/:id', (c) => showOrganisation(c, c.req.param('id')))
    .route('/applications', partnerApplicationRoutes())
    .route('/reports', partnerReportRoutes())
    .route('/check-ins', partnerCheckInRoutes())
    .route('/organisation', partnerOrganisationRoutes())
    .route('/irregularities', partnerIrregularityRoutes());
}
