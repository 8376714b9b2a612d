import type { ScenarioInput } from '../runner/scenario.js';

function show(v: unknown): string {
  if (Array.isArray(v)) return v.length === 0 ? 'none' : v.map(show).join(',');
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** ms fields are shown with their unit. */
const MS_FIELDS = new Set<string>(['nemesisInterval', 'timeLimit']);

/**
 * What one shrink step removed or shortened, one line per changed field: `nemesis: removed
 * kill:primary`, `timeLimit: 12000 -> 4000 ms`. The seed stays the same along the shrink.
 */
export function stepChanges(from: ScenarioInput, to: ScenarioInput): string[] {
  const out: string[] = [];
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])] as (keyof ScenarioInput)[];
  for (const k of keys) {
    const a: unknown = from[k];
    const b: unknown = to[k];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (Array.isArray(a) && Array.isArray(b)) {
      // Items compared by value: `schedule` entries are objects.
      const has = (xs: readonly unknown[], x: unknown): boolean =>
        xs.some((y) => JSON.stringify(y) === JSON.stringify(x));
      const removed = (a as unknown[]).filter((x) => !has(b, x));
      const added = (b as unknown[]).filter((x) => !has(a, x));
      const parts = [
        ...(removed.length > 0 ? [`removed ${show(removed)}`] : []),
        ...(added.length > 0 ? [`now ${show(added)}`] : []),
      ];
      out.push(`${k}: ${parts.join('; ') || `${show(a)} -> ${show(b)}`}`);
    } else {
      const unit = MS_FIELDS.has(k) && typeof b === 'number' ? ' ms' : '';
      out.push(`${k}: ${a === undefined ? 'default' : show(a)} -> ${show(b)}${unit}`);
    }
  }
  return out;
}
