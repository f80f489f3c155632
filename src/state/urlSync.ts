import { changeEffect } from '../protocol/config';
import type { LabState } from './schema';
import type { LabStore } from './store';
import { parseLink, serializeLink } from './url';

/** How long slider drags settle before the link is rewritten. */
const WRITE_DELAY_MS = 150;

/**
 * The one module that writes the URL. Reads the link the page opened with (query keys move into the hash,
 * since the hash never reaches a server), applies it with its warnings, then keeps the hash in step with the
 * store: a change that restarts the run adds a history entry (so Back returns to the previous experiment),
 * others replace it. Back, forward and pasted links are applied without a reload. Returns a stop function.
 */
export function startUrlSync(store: LabStore, win: Window = window): () => void {
  const apply = (href: string) => {
    const { state, warnings } = parseLink(href);
    const current = store.getState();
    const changed = serializeLink(state) !== serializeLink({ config: current.config, view: current.view });
    if (changed || warnings.length > 0) current.applyState(state, warnings);
    return state;
  };

  const opened = apply(win.location.href);
  let written = serializeLink(opened);
  win.history.replaceState(win.history.state, '', `${win.location.pathname}#${written}`);

  let timer: ReturnType<typeof setTimeout> | null = null;
  let previous: LabState = opened;
  const write = () => {
    timer = null;
    const { config, view } = store.getState();
    const hash = serializeLink({ config, view });
    if (hash === written) return;
    const restart = changeEffect(previous.config, config) === 'restart';
    const url = `${win.location.pathname}#${hash}`;
    if (restart) win.history.pushState(null, '', url);
    else win.history.replaceState(win.history.state, '', url);
    written = hash;
    previous = { config, view };
  };
  const unsubscribe = store.subscribe((state, before) => {
    if (state.config === before.config && state.view === before.view) return;
    if (timer === null) timer = setTimeout(write, WRITE_DELAY_MS);
  });

  const onNavigate = () => {
    const hash = win.location.hash.replace(/^#/, '');
    if (hash === written) return;
    const state = apply(win.location.href);
    written = serializeLink(state);
    previous = state;
    // show the repaired link, not the broken one that was pasted
    if (hash !== written)
      win.history.replaceState(win.history.state, '', `${win.location.pathname}#${written}`);
  };
  win.addEventListener('hashchange', onNavigate);
  win.addEventListener('popstate', onNavigate);
  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
    win.removeEventListener('hashchange', onNavigate);
    win.removeEventListener('popstate', onNavigate);
  };
}
