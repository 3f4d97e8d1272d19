/** Entry point: applies the theme before the first paint, then renders the dashboard. */
import { render } from 'preact';
import { App } from './app.tsx';
import './styles.css';
import { applyTheme, storedTheme } from './theme.ts';

applyTheme(storedTheme());
render(<App />, document.getElementById('app')!);
