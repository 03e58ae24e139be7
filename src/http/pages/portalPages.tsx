/**
 * The participant portal, a sub-app mounted at /me: every page needs a session (any
 * role). My certificates, their JSON download and public/private toggle (the domain
 * checks the record is the person's, answering 404 otherwise), and the message and
 * notification inboxes. Profile, sessions and privacy come from accountPages.tsx, the
 * programmes (/me/programmes) and messages (/me/messages) are sub-apps of their own.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { actorOf, currentUser, formFields, pageMiddleware, render } from './pageKit.js';
import { shell } from './publicKit.js';
import { requireRole } from '../middleware/roles.js';
import { AppError } from '../../errors.js';
import { sendCertificateFile } from '../routes/renders.js';
import type { CertificateFormat } from '../../rendering/certificateFiles.js';
import { getHeldCredential, setHeldCredentialVisibility } from '../../accounts/heldCredentials.js';
import { myCertificates } from '../../accounts/myCertificates.js';
import { MyCertificatesView, NameCorrectionView, WalletView } from '../views/portalViews.js';
import { requestNameCorrection } from '../../programs/nameCorrections.js';
import { describeCredential } from '../../verification/credentialFacts.js';
import { attempt } from './consoleKit.js';
import { portalMessageRoutes } from './portalMessages.js';
import { HandOffGoneError } from '../../exchanges/exchangeDeps.js';
import { startWalletHandOff, walletOriginalOf, type WalletHandOff } from '../../exchanges/walletHandOff.js';
import { accountPages } from './accountPages.js';
import { portalProgrammeRoutes } from './portalProgrammes.js';
import { portalSurveyRoutes } from './portalSurveys.js';
import { portalMarketingRoutes } from './portalMarketing.js';
import { portalConnectedAppRoutes } from './portalConnectedApps.js';
import { portalBackpackRoutes } from './portalBackpack.js';
import { portalBackpackLinkRoutes } from './portalBackpackLinks.js';
import { showBackpack } from '../../backpack/backpackDisplay.js';
import { NotificationsView } from '../views/notificationsView.js';
import {
  emailRemindersOn,
  messageLanguage,
  readInbox,
  setEmailReminders,
} from '../../notifications/deliveryLog.js';
import { MESSAGE_LANGUAGES } from '../../notifications/messageTriggers.js';

/** `<id><suffix>`: the holder's files of a certificate, as the public ones are named. */
const HOLDER_FILES = /^(.+?)(-baked\.png|\.png|\.pdf|\.svg|\.json)$/;
const HOLDER_FORMATS = {
  '.png': 'png',
  '.pdf': 'pdf',
  '-baked.png': 'baked-png',
  '.svg': 'baked-svg',
} as const satisfies Record<string, CertificateFormat>;

/** What was saved, as the page says it after the redirect. */
const SAVED: Record<string, string> = {
  '1': 'Your change was saved.',
  correction: 'Your request was sent. Staff will look at it and you will hear from us by email.',
};

async function certificatesPage(
  c: Context<AppEnv>,
  options: { saved?: string | undefined; error?: string; status?: 200 | 400 } = {},
): Promise<Response> {
  const user = currentUser(c);
  const certificates = await myCertificates(c.var.deps.accounts, c.var.deps.exchanges, user.id);
  // What they hold from other issuers, beside: the newest few, each verified as shown.
  const backpack = await showBackpack(c.var.deps, user.id, { limit: 6, offset: 0 });
  return render(
    c,
    <MyCertificatesView
      {...shell(c)}
      certificates={certificates}
      backpack={backpack}
      saved={options.saved}
      error={options.error}
    />,
    options.status ?? 200,
  );
}

function registerCertificates(me: Hono<AppEnv>): void {
  me.get('/', (c) => certificatesPage(c, { saved: SAVED[c.req.query('saved') ?? ''] }));

  // The holder's own files, whatever the public flag says: public/private only decides who
  // *else* sees the certificate. Someone else's id is the same 404 as a missing one.
  me.get('/credentials/:file', async (c) => {
    const asked = HOLDER_FILES.exec(c.req.param('file'));
    if (!asked) throw new AppError('not_found', 'There is no such certificate in your account');
    const record = await getHeldCredential(c.var.deps.accounts, currentUser(c).id, asked[1]!);
    const format = asked[2]!;
    if (format !== '.json')
      return sendCertificateFile(
        c,
        record,
        HOLDER_FORMATS[format as keyof typeof HOLDER_FORMATS],
        'private, no-cache',
      );
    const name = record.certificateNumber.replace(/[^\w.-]/g, '_');
    c.header('content-disposition', `attachment; filename="certificate-${name}.json"`);
    c.header('cache-control', 'no-store');
    return c.json(record.credential);
  });

  // Add to wallet: fresh single-use links on every visit (the domain checks ownership first).
  // An old link to a wallet copy's page hands off, and shows, the copy's original.
  me.get('/credentials/:id/wallet', async (c) => {
    const user = currentUser(c);
    const asked = await getHeldCredential(c.var.deps.accounts, user.id, c.req.param('id'));
    let record = asked;
    let handOff: WalletHandOff | undefined;
    let unavailable: string | undefined;
    try {
      const originalId = await walletOriginalOf(c.var.deps.exchanges, asked.id);
      if (originalId !== asked.id) record = await getHeldCredential(c.var.deps.accounts, user.id, originalId);
      handOff = await startWalletHandOff(c.var.deps.exchanges, { userId: user.id, credentialId: record.id });
    } catch (error) {
      if (!(error instanceof HandOffGoneError)) throw error;
      unavailable = error.detail;
    }
    return render(
      c,
      <WalletView {...shell(c)} record={record} handOff={handOff} unavailable={unavailable} />,
    );
  });

  // Ask for a name correction (staff decide; nameCorrections.ts). The ownership check comes first.
  me.get('/credentials/:id/correction', async (c) => {
    const record = await getHeldCredential(c.var.deps.accounts, currentUser(c).id, c.req.param('id'));
    return render(
      c,
      <NameCorrectionView
        {...shell(c)}
        record={record}
        currentName={describeCredential(record.credential).recipientName ?? ''}
      />,
    );
  });

  me.post('/credentials/:id/correction', async (c) => {
    const user = currentUser(c);
    const record = await getHeldCredential(c.var.deps.accounts, user.id, c.req.param('id'));
    const fields = await formFields(c);
    const result = await attempt(() =>
      requestNameCorrection(c.var.deps.programs, actorOf(user), record.id, {
        name: fields.name,
        reason: fields.reason,
      }),
    );
    if (!result.ok) {
      const view = (
        <NameCorrectionView
          {...shell(c)}
          record={record}
          currentName={describeCredential(record.credential).recipientName ?? ''}
          values={{ name: fields.name, reason: fields.reason }}
          error={result.notice.text}
        />
      );
      return render(c, view, result.status);
    }
    return c.redirect('/me?saved=correction', 303);
  });

  me.post('/credentials/:id/visibility', async (c) => {
    const fields = await formFields(c);
    const user = currentUser(c);
    const id = c.req.param('id');
    // The ownership check comes first, so someone else's id is a 404 whatever the body says.
    await getHeldCredential(c.var.deps.accounts, user.id, id);
    if (fields.public !== 'true' && fields.public !== 'false') {
      return certificatesPage(c, {
        error: 'Choose whether the certificate is public or private.',
        status: 400,
      });
    }
    await setHeldCredentialVisibility(c.var.deps.accounts, user.id, id, fields.public === 'true');
    return c.redirect('/me?saved=1', 303);
  });
}

function registerInboxes(me: Hono<AppEnv>): void {
  me.get('/notifications', async (c) => {
    const userId = currentUser(c).id;
    const [messages, remindersOn, language] = [
      await readInbox(c.var.deps, userId),
      await emailRemindersOn(c.var.deps, userId),
      await messageLanguage(c.var.deps, userId),
    ];
    return render(
      c,
      <NotificationsView
        {...shell(c)}
        messages={messages}
        remindersOn={remindersOn}
        language={language}
        languages={MESSAGE_LANGUAGES}
        saved={c.req.query('saved') === '1'}
      />,
    );
  });
  me.post('/notifications/preferences', async (c) => {
    const fields = await formFields(c);
    // An unknown language is a 400 from the domain; no language field keeps the current one.
    await setEmailReminders(
      c.var.deps,
      currentUser(c).id,
      fields.reminders === 'on',
      fields.language || undefined,
    );
    return c.redirect('/me/notifications?saved=1', 303);
  });
}

/** The /me sub-app. */
export function portalPages(): Hono<AppEnv> {
  const me = new Hono<AppEnv>();
  me.use('*', ...pageMiddleware, requireRole());
  registerCertificates(me);
  registerInboxes(me);
  me.route('/programmes', portalProgrammeRoutes());
  me.route('/surveys', portalSurveyRoutes());
  me.route('/messages', portalMessageRoutes());
  me.route('/marketing', portalMarketingRoutes());
  me.route('/connected-apps', portalConnectedAppRoutes());
  me.route('/backpack', portalBackpackRoutes());
  me.route('/backpack-links', portalBackpackLinkRoutes());
  me.route('/', accountPages());
  return me;
}
