import { render } from 'preact';
import '../../components/theme.css';
import '../../components/badge.css';
import '../../components/controls.css';
import '../../components/log/log.css';
import './drawer.css';
import { App, applyTheme } from './App';
import { parseDrawerHash } from './messages';

const params = parseDrawerHash(location.hash);
applyTheme(params.theme);
render(<App initial={params} />, document.getElementById('app')!);
