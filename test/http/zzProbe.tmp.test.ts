import { it } from 'vitest';
import { createTestApp } from '../fixtures/testDeps.js';
it('probe', async () => {
  const t = await createTestApp();
  const m = new Map<string, number>();
  for (const r of t.app.routes) m.set(r.method, (m.get(r.method) ?? 0) + 1);
  console.log([...m]);
  console.log([...new Set(t.app.routes.filter(r => !['GET','HEAD','OPTIONS'].includes(r.method)).map(r => r.method + ' ' + r.path))].join('\n'));
  await t.close();
}, 120000);
