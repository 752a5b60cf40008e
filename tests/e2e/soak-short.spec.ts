/**
 * The short soak in `npm test` (issue 8): 8 sessions over 1.5 h of scenario time, every fault kind once, two real
 * service-worker restarts (tests/soak/soak.ts explains the method). The full one is `npm run soak`.
 */
import { expect, test } from '@playwright/test';
import { runSoak, SHORT_SOAK } from '../soak/soak';

test('short soak: faults, restarts, every transition shown and notified once, nothing leaks', async () => {
  test.setTimeout(150_000);
  const lines: string[] = [];
  const report = await runSoak({ ...SHORT_SOAK, reportPath: null, log: (l) => lines.push(l) });
  await test.info().attach('soak-report.txt', { body: lines.join('\n'), contentType: 'text/plain' });
  expect(report.transitions.made).toBeGreaterThan(10);
  expect(report.notifications.expected).toBeGreaterThan(3);
  expect(report.serviceWorkerRestarts).toBe(SHORT_SOAK.restarts);
  expect(Object.keys(report.faults).length).toBeGreaterThanOrEqual(9);
  expect(report.failures, lines.join('\n')).toEqual([]);
});
