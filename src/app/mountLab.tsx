import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startLab } from './startLab';

/** Starts the lab on `worker` (already loading) and renders the page into `root`. */
export async function mountLab(root: HTMLElement, worker: Worker): Promise<void> {
  const lab = await startLab(worker);
  createRoot(root).render(
    <StrictMode>
      <App lab={lab} />
    </StrictMode>,
  );
}
