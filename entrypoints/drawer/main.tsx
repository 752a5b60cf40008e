import { render } from 'preact';
import '../../components/theme.css';
import '../../components/theme-dark.css';
import '../../components/badge.css';
import '../../components/controls.css';
import '../../components/handoffs.css';
import '../../components/notice.css';
import '../../components/log/log.css';
import './drawer.css';
import { applyTheme } from './App';
import { parseDrawerHash } from './messages';
import { DrawerGate } from './ticket';

applyTheme(parseDrawerHash(location.hash).theme);
// Framed in a page: the session comes from a one-time ticket (ticket.tsx); a page of its own: from the hash, and the
// background is asked at once (the log is on its way while the page renders its frame).
render(<DrawerGate hash={location.hash} />, document.getElementById('app')!);
