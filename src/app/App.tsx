import { LabProvider } from '../state/LabProvider';
import { TrainerControlsContext } from '../state/trainerControls';
import { LabLayout } from './LabLayout';
import type { Lab } from './startLab';

/** The lab's page over a started lab (startLab): its store and the controls of its worker. */
export function App({ lab }: { lab: Lab }) {
  return (
    <LabProvider store={lab.store}>
      <TrainerControlsContext.Provider value={lab.controls}>
        <LabLayout />
      </TrainerControlsContext.Provider>
    </LabProvider>
  );
}
