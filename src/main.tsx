import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { startLab } from './app/startLab';
import './ui/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('invalid page: #root is missing');
// The worker starts first, so that its script loads and tf.js starts while React renders the page.
const lab = startLab();
createRoot(root).render(
  <StrictMode>
    <App lab={lab} />
  </StrictMode>,
);
