/**
 * Browser side of the twin's React partials (bundled by ssr.ts): the `<react-partial>` element hydrates its
 * server-rendered markup with React (`hydrateRoot`), as github.com's partials do. React's production build, so a
 * node inserted into the markup before hydration gives the console what github.com gives it: "Minified React
 * error #418" (and a client re-render of the partial). `<html data-twin-hydrate-delay="ms">` defines the element
 * late (a slow script chunk), so tests can show that nothing is inserted into a partial before it is hydrated.
 */
import { createElement } from 'react';
import { hydrateRoot, type Root } from 'react-dom/client';
import { PARTIALS } from './partials';

class ReactPartial extends HTMLElement {
  private root: Root | null = null;

  connectedCallback(): void {
    if (this.root) return;
    const component = PARTIALS[this.getAttribute('partial-name') ?? ''];
    const data = this.querySelector(':scope > script[data-target="react-partial.embeddedData"]');
    const container = this.querySelector(':scope > [data-target="react-partial.reactRoot"]');
    if (!component || !data || !container) return;
    const { props } = JSON.parse(data.textContent ?? '{}') as { props: unknown };
    this.root = hydrateRoot(container, createElement(component, props as object));
    this.setAttribute('data-hydrated', 'true');
  }

  disconnectedCallback(): void {
    const root = this.root;
    this.root = null;
    if (root) setTimeout(() => root.unmount(), 0);
  }
}

const delay = Number(document.documentElement.getAttribute('data-twin-hydrate-delay') ?? 0);
const define = () => {
  if (!customElements.get('react-partial')) customElements.define('react-partial', ReactPartial);
};
if (delay > 0) setTimeout(define, delay);
else define();
