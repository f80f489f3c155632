import { useLab } from '../state/LabProvider';
import type { ChartId } from '../state/schema';
import { linkForState } from '../state/url';
import { formatNumber } from '../ui/fields';
import { CHART_COMPONENTS } from './chartRegistry';

/**
 * `embed=<chart>`: that one chart filling the frame, for slides and iframes; no header, controls or other
 * charts, but the temperature it trains at (what every chart depends on). Training runs as in the full page. A
 * corner link opens the same experiment in the full lab.
 */
export function EmbedLayout({ chart }: { chart: ChartId }) {
  const config = useLab((s) => s.config);
  const view = useLab((s) => s.view);
  const Chart = CHART_COMPONENTS[chart];
  const full = linkForState(window.location.href, { config, view: { ...view, embed: null } });
  return (
    <main className="embed" data-testid="embed">
      <p data-testid="embed-tau" style={{ margin: '0 0 0.3rem', fontSize: '0.9rem' }}>
        temperature τ = <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatNumber(config.tau)}</span>
      </p>
      <Chart />
      {/* a new tab: inside an iframe, the frame itself is too small for the full lab */}
      <a
        className="embed-open"
        href={full}
        target="_blank"
        rel="noopener noreferrer"
        data-testid="embed-open"
      >
        Open in InfoNCE Lab ↗
      </a>
    </main>
  );
}
