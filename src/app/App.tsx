import { LabProvider } from '../state/LabProvider';
import { TrainerControlsContext } from '../state/trainerControls';
import { UserDataContext } from '../ui/import/userDataContext';
import { useRootTextSize } from '../ui/TextSize';
import { LabLayout } from './LabLayout';
import type { Lab } from './startLab';
// after the entry's styles.css, whose rules some of these refine
import '../ui/pageHeader.css';
import '../ui/chartCards.css';
import '../ui/classroom.css';

/** The lab's page over a started lab (startLab): its store and the controls of its worker. */
export function App({ lab }: { lab: Lab }) {
  return (
    <LabProvider store={lab.store}>
      <TrainerControlsContext.Provider value={lab.controls}>
        <UserDataContext.Provider value={lab.userData}>
          <RootTextSize />
          <LabLayout />
        </UserDataContext.Provider>
      </TrainerControlsContext.Provider>
    </LabProvider>
  );
}

/** The link's text size on the document root, for the full page and an embedded chart alike. */
function RootTextSize() {
  useRootTextSize();
  return null;
}
