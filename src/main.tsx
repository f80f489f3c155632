import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './ui/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('invalid page: #root is missing');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
