/**
 * `npm run soak` (scripts/soak.mjs runs this under tsx): the full soak — prints the report table, saves
 * test-results/soak-report.json, exits non-zero when any assertion fails. `--short` runs the short version.
 * Loads the built extension from $EXTENSION_DIR (default .output/chrome-mv3).
 */
import { resolve } from 'node:path';
import { ROOT } from '../e2e/helpers/twin';
import { FULL_SOAK, runSoak, SHORT_SOAK } from './soak';

const short = process.argv.includes('--short');
const report = await runSoak({
  ...(short ? SHORT_SOAK : FULL_SOAK),
  extensionDir: process.env.EXTENSION_DIR ? resolve(process.env.EXTENSION_DIR) : undefined,
  reportPath: resolve(ROOT, 'test-results', short ? 'soak-short-report.json' : 'soak-report.json'),
});
process.exit(report.failures.length === 0 ? 0 : 1);
