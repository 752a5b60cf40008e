import { render } from 'preact';

render(<main>drawer</main>, document.getElementById('app')!);
