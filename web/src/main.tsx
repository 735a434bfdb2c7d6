import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import '@/lib/i18n';
import { reportError } from '@/lib/report-error';

import { App } from './app/app';
import './app/app.css';

window.addEventListener('error', (event) => reportError(event.error ?? event.message));
window.addEventListener('unhandledrejection', (event) => reportError(event.reason));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
