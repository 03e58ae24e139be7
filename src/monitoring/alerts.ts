/**
 * Alerts to admins when the service needs them: the messaging backlog (conversations
 * waiting for a first answer past the reply target, counted as the dashboard and the
 * inbox's "over the SLA" view count them) or the share of 5xx answers over the last 15
 * minutes reaches its threshold (config). Each kind goes out at most once an hour, across
 * every instance (the store's claim decides), by the outbox: the error rate to every active
 * admin; the backlog to the active admins whose messaging preferences include it (on until
 * an admin turns it off: src/messaging/staffPreferences.ts). It is the one backlog alert:
 * the daily one staff could choose before gave way to it.
 */
import type { Logger } from '../logging/logger.js';
import { notify } from '../notifications/notify.js';
import { repeatEvery } from '../scheduling/repeat.js';
import { defaultMessagingSettings } from '../messaging/messagingSettings.js';
import { adminsWanting } from '../messaging/staffPreferences.js';
import type { UserRecord } from '../storage/ports.js';
import type { MonitoringDeps } from './monitoringDeps.js';

/** The kinds of alert. */
type AlertKind = 'sla_backlog' | 'error_rate';

/** How long after an alert the same kind stays quiet. */
const ALERT_QUIET_MS = 3_600_000;
/** The window the error rate is measured over. */
export const ERROR_WINDOW_MS = 15 * 60_000;
/** How often the checks run (in the process that runs the background jobs). */
const CHECK_INTERVAL_MS = 60_000;
/** Enough of the backlog to report a figure; past it the alert says "at least". */
const BACKLOG_READ = 500;
/** Heartbeats and route records older than this are deleted (13 months: a year's reports and more). */
const KEEP_MS = 400 * 86_400_000;

/** An alert that passed its threshold, and whether it went out this time (false: quiet hour). */
export interface AlertOutcome {
  kind: AlertKind;
  sent: boolean;
  detail: string;
}

/** The alerts whose thresholds are passed at `deps.now()`. */
async function passedThresholds(deps: MonitoringDeps, now: Date): Promise<Omit<AlertOutcome, 'sent'>[]> {
  const passed: Omit<AlertOutcome, 'sent'>[] = [];
  const { backlog, errorRatePct, errorMinRequests } = deps.thresholds;
  if (backlog > 0) {
    const settings = (await deps.stores.messagingSettings.getSettings()) ?? defaultMessagingSettings();
    const waiting = await deps.stores.conversations.listConversations({
      waitingBefore: new Date(now.getTime() - settings.slaHours * 3_600_000).toISOString(),
      limit: BACKLOG_READ,
    });
    if (waiting.length >= backlog) {
      const count = waiting.length >= BACKLOG_READ ? `At least ${BACKLOG_READ}` : String(waiting.length);
      passed.push({
        kind: 'sla_backlog',
        detail: `${count} conversations have waited longer than the ${settings.slaHours}-hour reply target (alert at ${backlog}).`,
      });
    }
  }
  if (errorRatePct > 0) {
    const totals = await deps.stores.monitoring.requestTotals(
      new Date(now.getTime() - ERROR_WINDOW_MS).toISOString(),
      now.toISOString(),
    );
    const rate = totals.requests === 0 ? 0 : (totals.serverErrors / totals.requests) * 100;
    if (totals.requests >= errorMinRequests && rate >= errorRatePct) {
      passed.push({
        kind: 'error_rate',
        detail: `${totals.serverErrors} of ${totals.requests} requests in the last 15 minutes failed with a server error (${Math.round(rate * 10) / 10}%, alert at ${errorRatePct}%).`,
      });
    }
  }
  return passed;
}

const TITLES: Record<AlertKind, string> = {
  sla_backlog: 'Messaging backlog over the reply target',
  error_rate: 'Server errors above the alert threshold',
};

/** Who is told of an alert: the admins who chose the backlog alert; every active admin of the error rate. */
async function recipientsOf(deps: MonitoringDeps, kind: AlertKind): Promise<UserRecord[]> {
  if (kind === 'sla_backlog') return adminsWanting(deps, 'monitoring_backlog');
  const admins = await deps.stores.users.list({ role: 'admin', limit: 200, offset: 0 });
  return admins.filter((admin) => admin.status === 'active');
}

/**
 * Checks both thresholds now and alerts the admins about each one passed, unless the same
 * kind went out within the hour. Returns what passed and what was sent.
 */
export async function checkMonitoringAlerts(deps: MonitoringDeps): Promise<AlertOutcome[]> {
  const now = deps.now();
  const outcomes: AlertOutcome[] = [];
  for (const alert of await passedThresholds(deps, now)) {
    const at = now.toISOString();
    const claimed = await deps.stores.monitoring.claimAlert(
      alert.kind,
      at,
      new Date(now.getTime() - ALERT_QUIET_MS).toISOString(),
    );
    if (claimed) {
      for (const admin of await recipientsOf(deps, alert.kind))
        await notify(deps.notifications, admin, {
          trigger: 'monitoring_alert',
          dedupeKey: `monitoring_alert:${alert.kind}:${at}:${admin.id}`,
          values: {
            alert: TITLES[alert.kind],
            detail: alert.detail,
            monitoringUrl: `${deps.publicUrl}/admin/monitoring`,
          },
        });
    }
    outcomes.push({ ...alert, sent: claimed });
  }
  await deps.stores.monitoring.deleteBefore(new Date(now.getTime() - KEEP_MS).toISOString());
  return outcomes;
}

/** Starts the alert checks (once a minute, in the process running the background jobs). */
export function startMonitoringAlerts(deps: MonitoringDeps, logger: Logger): () => void {
  return repeatEvery(
    'monitoring alerts',
    CHECK_INTERVAL_MS,
    async () => {
      await checkMonitoringAlerts(deps);
    },
    logger,
  );
}
