/**
 * The one contract every storage adapter passes (DESIGN rule 6). Each case gets fresh,
 * initialised stores from `makeStores` and closes them afterwards.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { Stores } from '../../src/storage/ports.js';
import { describeAccountsContract } from './accountsContract.js';
import { describeAuditConsentContract } from './auditConsentContract.js';
import { describeConcurrencyContract } from './concurrencyContract.js';
import { describeExchangeContract } from './exchangeContract.js';
import { describeHolderContract } from './holderContract.js';
import { describeKeysAndCacheContract } from './keysAndCacheContract.js';
import { describeReserveContract } from './reserveContract.js';
import { describeReplacementContract } from './replacementContract.js';
import { describeSessionsTokensContract } from './sessionsTokensContract.js';
import { describeStatusContract } from './statusContract.js';
import { describeVerificationTokenContract } from './verificationTokenContract.js';
import { describeTemplateContract } from './templateContract.js';
import { describeProgramContract } from './programContract.js';
import { describeNotificationContract } from './notificationContract.js';
import { describeMessagingContract } from './messagingContract.js';
import { describeMessageSearchContract } from './messageSearchContract.js';
import { describeMessagingPreferencesContract } from './messagingPreferencesContract.js';
import { describeAccreditationContract } from './accreditationContract.js';
import { describeTrustContract } from './trustContract.js';
import { describeBackpackContract } from './backpackContract.js';
import { describeBackpackLinkContract } from './backpackLinkContract.js';
import { describeContentContract } from './contentContract.js';
import { describeCorrectionContract } from './correctionContract.js';
import { describeMonitoringContract } from './monitoringContract.js';
import { describeCheckInContract } from './checkInContract.js';
import { describeDashboardCountsContract } from './dashboardCountsContract.js';
import { describeOrganisationDetailsContract } from './organisationDetailsContract.js';
import { describeBadgeContract } from './badgeContract.js';
import { describeIrregularityContract } from './irregularityContract.js';

/** Gives a contract section the stores of the current test. */
export type GetStores = () => Stores;

/** Registers the whole store contract against one adapter. */
export function describeStoreContract(name: string, makeStores: () => Promise<Stores>): void {
  describe(`${name} store contract`, () => {
    let stores: Stores | undefined;
    beforeEach(async () => {
      stores = await makeStores();
      await stores.init();
    });
    afterEach(async () => {
      await stores?.close();
      stores = undefined;
    });
    const getStores: GetStores = () => {
      if (!stores) throw new Error('stores are only available inside a test');
      return stores;
    };
    describeReserveContract(getStores);
    describeConcurrencyContract(getStores);
    describeStatusContract(getStores);
    describeVerificationTokenContract(getStores);
    describeReplacementContract(getStores);
    describeKeysAndCacheContract(getStores);
    describeHolderContract(getStores);
    describeAccountsContract(getStores);
    describeSessionsTokensContract(getStores);
    describeAuditConsentContract(getStores);
    describeExchangeContract(getStores);
    describeTemplateContract(getStores);
    describeProgramContract(getStores);
    describeDashboardCountsContract(getStores);
    describeNotificationContract(getStores);
    describeMessagingContract(getStores);
    describeMessageSearchContract(getStores);
    describeMessagingPreferencesContract(getStores);
    describeAccreditationContract(getStores);
    describeTrustContract(getStores);
    describeBackpackContract(getStores);
    describeBackpackLinkContract(getStores);
    describeContentContract(getStores);
    describeCorrectionContract(getStores);
    describeMonitoringContract(getStores);
    describeCheckInContract(getStores);
    describeOrganisationDetailsContract(getStores);
    describeBadgeContract(getStores);
    describeIrregularityContract(getStores);
  });
}
