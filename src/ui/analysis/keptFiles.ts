// Analysis mode's last loaded files, kept across reloads in this browser (state/keptInBrowser.ts) until the
// person forgets them. A File is stored whole (IndexedDB clones it), so a reload reads the same bytes again.
import { useCallback, useEffect, useState } from 'react';
import { keptValue } from '../../state/keptInBrowser';
import type { AnalysisFiles } from './analysisClient';

function isAnalysisFiles(value: unknown): value is AnalysisFiles {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<AnalysisFiles>;
  return v.vectors instanceof File && (v.metadata === null || v.metadata instanceof File);
}

/** The kept files (null: none, or not read yet), and keeping or forgetting them; storage failures keep nothing. */
export function useKeptFiles(): {
  kept: AnalysisFiles | null;
  keep: (files: AnalysisFiles) => void;
  forget: () => void;
} {
  const [store] = useState(() => keptValue('analysis-files'));
  const [kept, setKept] = useState<AnalysisFiles | null>(null);
  useEffect(() => {
    store.read().then(
      (value) => setKept(isAnalysisFiles(value) ? value : null),
      () => setKept(null),
    );
  }, [store]);
  const keep = useCallback(
    (files: AnalysisFiles) => {
      store.write(files).then(
        () => setKept(files),
        () => setKept(null),
      );
    },
    [store],
  );
  const forget = useCallback(() => {
    setKept(null);
    store.remove().catch(() => {});
  }, [store]);
  return { kept, keep, forget };
}
