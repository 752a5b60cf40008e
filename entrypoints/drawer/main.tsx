import { render } from 'preact';
import '../../components/theme.css';
import '../../components/badge.css';
import '../../components/controls.css';
import '../../components/notice.css';
import '../../components/log/log.css';
import './drawer.css';
import { App, applyTheme, startEarly } from './App';
import { parseDrawerHash } from './messages';

const params = parseDrawerHash(location.hash);
applyTheme(params.theme);
// Ask the background first: the log is on its way while the page renders its frame.
render(<App initial={params} early={startEarly(params)} />, document.getElementById('app')!);
