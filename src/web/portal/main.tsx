import './portal.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Portal } from './Portal.js';
import { Survey } from './Survey.js';

const root = document.getElementById('root');
const survey = /^\/s\/([0-9A-Za-z]{8})\/?$/.exec(window.location.pathname);
if (root)
  createRoot(root).render(<StrictMode>{survey ? <Survey code={survey[1]!.toUpperCase()} /> : <Portal />}</StrictMode>);
