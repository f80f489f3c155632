/** The families of oracle files, recognised by their content (any file in the oracle's format, any name). */
export type OracleKind =
  | 'infonce'
  | 'supervised'
  | 'triplet'
  | 'align_uniform'
  | 'temperature_limits'
  | 'dcl_hcl'
  | 'negative_sampling'
  | 'hard_quantile'
  | 'false_negatives'
  | 'queue_infonce'
  | 'logq_correction'
  | 'full_softmax';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Which family a parsed oracle file belongs to, from the fields its cases carry; null when none fits. */
export function detectOracleKind(doc: unknown): OracleKind | null {
  if (!isObject(doc)) return null;
  if (Array.isArray(doc.pair_cases) || isObject(doc.tolerance_case)) return 'align_uniform';
  if (Array.isArray(doc.selection_cases) || isObject(doc.mochi_case)) return 'negative_sampling';
  const cases = doc.cases;
  if (!Array.isArray(cases) || cases.length === 0 || !isObject(cases[0])) {
    // A queue file may hold only its momentum cases.
    const momentum = Array.isArray(doc.momentum_cases) ? doc.momentum_cases[0] : undefined;
    return isObject(momentum) && 'm' in momentum && 'p_k' in momentum ? 'queue_infonce' : null;
  }
  const first = cases[0];
  if ('small_tau' in first || 'large_tau' in first) return 'temperature_limits';
  if ('forms' in first) return 'triplet';
  if ('z1_anchor' in first) return 'supervised';
  if ('tau_plus' in first && 'beta' in first) return 'dcl_hcl';
  // The negatives families, by their inputs; before infonce, whose x / tau / per_anchor_loss they may share.
  if ('q_raw' in first && 'queue_raw' in first) return 'queue_infonce';
  if ('queries_u' in first && 'items_v' in first) return 'logq_correction';
  if ('anchors' in first && 'corpus' in first) return 'full_softmax';
  if ('x' in first && 'alpha' in first) return 'hard_quantile';
  if ('x' in first && 'labels' in first) return 'false_negatives';
  if ('tau' in first && 'x' in first && 'per_anchor_loss' in first) return 'infonce';
  return null;
}
