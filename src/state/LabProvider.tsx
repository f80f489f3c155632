import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { LabActions, LabData, LabStore } from './store';

const LabContext = createContext<LabStore | null>(null);

/** Makes a lab store available to the components below it. */
export function LabProvider({ store, children }: { store: LabStore; children: ReactNode }) {
  return <LabContext.Provider value={store}>{children}</LabContext.Provider>;
}

/** The lab store of the nearest LabProvider (for actions and non-React subscribers). */
export function useLabStore(): LabStore {
  const store = useContext(LabContext);
  if (!store) throw new Error('invalid component tree: useLab needs a LabProvider');
  return store;
}

/** Selects from the lab state; the component re-renders when the selection changes. */
export function useLab<T>(selector: (state: LabData & LabActions) => T): T {
  return useStore(useLabStore(), selector);
}
