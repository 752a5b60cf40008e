import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type FixtureName =
  | 'legacy-timeline'
  | 'react-timeline'
  | 'hybrid-page'
  | 'pr-list'
  | 'pr-list-preview'
  | 'unknown-layout';

export function fixtureHtml(name: FixtureName): string {
  return readFileSync(resolve(__dirname, '../../fixtures/pages', `${name}.html`), 'utf8');
}

export function parseFixture(name: FixtureName): Document {
  return new DOMParser().parseFromString(fixtureHtml(name), 'text/html');
}

/** Replaces the test document's head and body with a fixture's. */
export function loadFixture(name: FixtureName): void {
  const doc = parseFixture(name);
  document.head.replaceChildren(...Array.from(doc.head.childNodes).map((n) => document.importNode(n, true)));
  document.body.replaceChildren(...Array.from(doc.body.childNodes).map((n) => document.importNode(n, true)));
  document.body.className = doc.body.className;
}
