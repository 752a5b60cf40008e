import '../../components/theme.css';
import '../../components/theme-dark.css';
import '../../components/controls.css';
import '../../components/usage/usage.css';
import { render } from 'preact';
import { UsagePage } from './UsagePage';

render(<UsagePage />, document.getElementById('app')!);
