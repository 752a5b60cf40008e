import '../../components/theme.css';
import '../../components/theme-dark.css';
import '../../components/badge.css';
import '../../components/controls.css';
import '../../components/popup/popup.css';
import '../../components/options/options.css';
import { render } from 'preact';
import { Options } from '../../components/options/Options';

document.body.classList.add('as-options-page');
render(<Options />, document.getElementById('app')!);
