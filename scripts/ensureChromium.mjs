// `npm test`'s pretest step: makes sure Debian's Chromium is at /usr/bin/chromium for the
// browser tests (test/e2e/*.browser.test.ts, driven by playwright-core, which never
// downloads a browser of its own). A no-op when it is already there. Otherwise, as root
// with apt-get, installs the `chromium` package, streaming apt's output. If it still
// is missing (not root, no apt-get, no network) this exits 0 with a message: the browser
// tests then report themselves skipped and every other test still runs.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';

function run(command, args) {
  console.log(`ensureChromium: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) console.log(`ensureChromium: ${command} could not run: ${result.error.message}`);
  else if (result.status !== 0)
    console.log(`ensureChromium: ${command} exited with ${result.status ?? result.signal}`);
  return result.status === 0;
}

function hasAptGet() {
  return spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

if (!existsSync(CHROMIUM)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && hasAptGet()) {
    console.log(
      `ensureChromium: ${CHROMIUM} is missing; installing Debian's chromium package for the browser tests`,
    );
    if (run('apt-get', ['update'])) run('apt-get', ['install', '-y', 'chromium']);
  }
  if (existsSync(CHROMIUM)) {
    console.log(`ensureChromium: installed ${CHROMIUM}`);
  } else {
    console.log(
      `ensureChromium: ${CHROMIUM} is not available (${isRoot ? 'apt-get could not install it' : 'not root, so not installing it'}); ` +
        'the browser tests will be skipped. Install it with: sudo apt-get install chromium',
    );
  }
}
