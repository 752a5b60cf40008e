import '../../components/theme.css';
import '../../components/theme-dark.css';
import '../../components/badge.css';
import '../../components/controls.css';
import '../../components/handoffs.css';
import '../../components/notice.css';
import '../../components/popup/popup.css';
import { render } from 'preact';
import { Popup } from '../../components/popup/Popup';
import { prefetchMirror } from '../../utils/view-state/client';

prefetchMirror();

document.body.classList.add('as-popup-page');
render(<Popup />, document.getElementById('app')!);
