/**
 * OpenID4VCI requires the credential issuer identifier (our PUBLIC_URL) to be an https URL,
 * and wallets refuse offers whose issuer is not. Wallet offers have no switch: every
 * certificate on /me offers "Add to wallet", so an http PUBLIC_URL always means offers that
 * wallets will refuse, localhost included (a phone's wallet cannot reach it anyway). It is
 * a warning, not a refusal to start, because local development runs on http.
 */

/** The start-up warning for `publicUrl`, or undefined when wallets will accept our offers. */
function walletOfferUrlWarning(publicUrl: string): string | undefined {
  if (new URL(publicUrl).protocol === 'https:') return undefined;
  return (
    `Warning: PUBLIC_URL ${publicUrl} is not https. OpenID4VCI requires an https credential issuer, ` +
    'so wallets will refuse the "Add to wallet" offers on /me (and the Learner Credential Wallet needs https to reach the exchange). ' +
    'Serve the site over https and set PUBLIC_URL=https://your-host.'
  );
}

/** Tells `log` the warning, if any; index.ts prints it once at start-up, with the banner. */
export function warnIfWalletOffersInsecure(publicUrl: string, log: (line: string) => void): void {
  const warning = walletOfferUrlWarning(publicUrl);
  if (warning) log(warning);
}
