/**
 * `npm run twin -- --scenario FILE --port N [--quiet]`: start the GitHub twin and print its URL.
 * Default scenario: tests/twin/scenarios/demo.json; default port 0 (any free port).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTwin } from './server';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
function arg(name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

const scenario = arg('scenario') ?? path.join(here, 'scenarios', 'demo.json');
const port = Number(arg('port') ?? 0);
const twin = await startTwin({ scenario, port, quiet: args.includes('--quiet') });
console.log(twin.url);
const stop = (): void => {
  twin.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
