/**
 * `npm run seed:demo`: fills a platform with a realistic demo (see demoSeed.ts for what),
 * one line per item. Running it again skips what exists and says so; an item the domain
 * refuses is reported and the rest still seeded (exit code 1). Nothing ends in a stack
 * trace: an unexpected fault prints its message and exits 1.
 */
import { cliDeps } from './cliDeps.js';
import { DEMO_DOMAIN, DEMO_PASSWORD, seedDemo } from './demoSeed.js';
import { plural } from '../plural.js';
import type { AppDeps } from '../deps.js';

let deps: AppDeps | undefined;
try {
  deps = await cliDeps();
  const { created, skipped, failed } = await seedDemo(deps, (line) => console.log(`  ${line}`));
  if (created.length === 0 && failed.length === 0)
    console.log(`The demo is already seeded: ${plural(skipped.length, 'item')} existed, nothing new.`);
  else
    console.log(
      `${failed.length ? 'Demo partly seeded' : 'Demo seeded'}: ${plural(created.length, 'item')} created, ${plural(skipped.length, 'item')} existed${failed.length ? `, ${plural(failed.length, 'item')} refused (see above)` : ''}.`,
    );
  console.log(`Every demo account's password is "${DEMO_PASSWORD}":`);
  for (const u of await deps.stores.users.list({ limit: 100, offset: 0 }))
    if (u.email.endsWith(`@${DEMO_DOMAIN}`)) console.log(`  ${u.role.padEnd(11)} ${u.email}`);
  if (failed.length) process.exitCode = 1;
} catch (error) {
  console.error(
    `Seeding stopped: ${error instanceof Error ? error.message : String(error)}. Items created before this remain; run the command again to finish.`,
  );
  process.exitCode = 1;
} finally {
  await deps?.stores.close();
}
