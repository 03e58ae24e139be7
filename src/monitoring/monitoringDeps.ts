/** What the monitoring domain needs, passed in (DESIGN rule 1); built once in createDeps. */
import type { NotifyDeps } from '../notifications/notify.js';
import type { Stores } from '../storage/ports.js';
import type { RequestCounter } from './requestCounts.js';

/** When staff are alerted (config: MONITORING_*); 0 turns an alert off. */
export interface AlertThresholds {
  /** Conversations waiting past the messaging reply target that raise an alert. */
  backlog: number;
  /** Share of 5xx answers over the last 15 minutes (percent) that raises an alert. */
  errorRatePct: number;
  /** Fewer requests than this in the 15 minutes raise no error-rate alert (one failure of two is no trend). */
  errorMinRequests: number;
}

/** Dependencies of src/monitoring/. */
export interface MonitoringDeps {
  /** Admins' messaging preferences say who gets the backlog alert. */
  stores: Pick<
    Stores,
    'monitoring' | 'users' | 'conversations' | 'messagingSettings' | 'messagingPreferences'
  >;
  /** This instance's request counts since its last flush. */
  counter: RequestCounter;
  /** This instance's name in the heartbeats (host and process id). */
  instanceId: string;
  /** Alerts to admins go through the outbox. */
  notifications: NotifyDeps;
  thresholds: AlertThresholds;
  publicUrl: string;
  now: () => Date;
}
