import { useLab } from '../state/LabProvider';
import { AnalysisPanel } from '../ui/analysis/AnalysisPanel';
import { BackendBadge } from '../ui/BackendBadge';
import { Controls } from '../ui/Controls';
import { ExportPanel } from '../ui/ExportPanel';
import { FirstVisitHint } from '../ui/FirstVisitHint';
import { SentenceImportPanel } from '../ui/import/SentenceImportPanel';
import { PhoneBar } from '../ui/PhoneBar';
import { Presets } from '../ui/Presets';
import { Readouts } from '../ui/Readouts';
import { ShareButton } from '../ui/ShareButton';
import { SweepPanel } from '../ui/sweep/SweepPanel';
import { TextModeNotes } from '../ui/TextModeNotes';
import { TextSizeToggle } from '../ui/TextSize';
import { Tour } from '../ui/Tour';
import { Warnings } from '../ui/Warnings';
import { AllCharts } from './chartRegistry';
import { EmbedLayout } from './EmbedLayout';
import { useSweepClient } from './sweepClient';

/**
 * The page: header with the tour, share button and backend badge, warnings, presets and controls beside
 * readouts, charts, exports and the sweep panel. With `embed=<chart>` in the link, that chart alone
 * (EmbedLayout), and no sweep.
 */
export function LabLayout() {
  const embed = useLab((s) => s.view.embed);
  if (embed !== null) return <EmbedLayout chart={embed} />;
  return (
    <div className="lab">
      <header className="lab-header">
        <div>
          <h1>InfoNCE Lab</h1>
          <p className="tagline">
            Train a small contrastive encoder in your browser and watch what the temperature does.
          </p>
        </div>
        <div className="lab-toolbar">
          <Tour />
          <TextSizeToggle />
          <ShareButton />
        </div>
        <BackendBadge />
      </header>
      <FirstVisitHint />
      <Warnings />
      <PhoneBar />
      <main className="lab-main">
        <aside className="lab-controls" aria-label="Experiment controls" data-testid="controls">
          <Presets />
          <Controls />
        </aside>
        <div className="lab-content">
          <Readouts />
          <TextModeNotes />
          <section className="lab-charts" aria-label="Charts">
            <AllCharts />
          </section>
          <SentenceImportPanel />
          <ExportPanel />
          <SweepSection />
          <AnalysisPanel />
        </div>
      </main>
      <footer className="lab-footer">
        Everything runs in this page; nothing is sent anywhere. Digits data: E. Alpaydin and C. Kaynak (1998),
        UCI Machine Learning Repository, CC BY 4.0.
      </footer>
    </div>
  );
}

/** The sweep panel over the page's sweep client (which lives as long as the panel: unmounting ends a sweep). */
function SweepSection() {
  const { store, client } = useSweepClient();
  return <SweepPanel store={store} controls={client} />;
}
