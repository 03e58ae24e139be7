/**
 * `npm run keys:rotate`: adds a new Ed25519 key to the ring in KEYS_DIR and makes it the
 * signing key. Earlier keys stay in the did:web document, so credentials they signed keep
 * verifying. Restart the server afterwards to sign with the new key.
 */
import { loadConfig } from '../config.js';
import { rotateKeyRing } from './keyRing.js';
import { didWebFromUrl } from './didDocuments.js';

const config = loadConfig();
const ring = await rotateKeyRing(config.keysDir);
const newest = ring.keys[ring.keys.length - 1]!;
console.log(
  `Added key ${newest.publicKeyMultibase}; the ring in ${config.keysDir}/ now holds ${ring.keys.length} keys.`,
);
if (config.publicUrl.startsWith('https://') && !config.issuerDid?.startsWith('did:key:')) {
  console.log(
    `${config.issuerDid ?? didWebFromUrl(config.publicUrl)} lists all of them; new credentials are signed with the newest after a restart.`,
  );
} else {
  console.log(
    `In development the issuer is the did:key of the newest key (did:key:${newest.publicKeyMultibase}); credentials signed by older did:keys still verify.`,
  );
}
