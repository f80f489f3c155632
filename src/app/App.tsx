import { useEffect, useState } from 'react';
import { LabProvider } from '../state/LabProvider';
import { createLabStore } from '../state/store';
import { type TrainerControls, TrainerControlsContext } from '../state/trainerControls';
import { startUrlSync } from '../state/urlSync';
import { LabLayout } from './LabLayout';
import { TrainerClient } from './trainerClient';

const createTrainerWorker = () =>
  new Worker(new URL('../worker/trainer.worker.ts', import.meta.url), { type: 'module', name: 'trainer' });

/** The lab: one store, the link kept in step with it, and the worker that trains. */
export function App() {
  const [store] = useState(() => createLabStore());
  const [controls, setControls] = useState<TrainerControls | null>(null);
  useEffect(() => {
    const stopUrlSync = startUrlSync(store);
    const client = new TrainerClient(store, createTrainerWorker, { autoplay: true });
    setControls(client);
    return () => {
      client.dispose();
      stopUrlSync();
    };
  }, [store]);
  return (
    <LabProvider store={store}>
      <TrainerControlsContext.Provider value={controls}>
        {controls ? <LabLayout /> : null}
      </TrainerControlsContext.Provider>
    </LabProvider>
  );
}
