/** Order statistics for the bench; every figure it prints is a median or a percentile. */
export function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

export function median(values: number[]): number {
  return percentile(values, 0.5);
}

export interface Goal {
  name: string;
  figure: number;
  /** How the figure is printed, e.g. "4.2× the baseline". */
  shown: string;
  goal: string;
  met: boolean;
}

export function printGoals(goals: Goal[]): void {
  console.log('\nGoals');
  for (const goal of [...goals].sort((a, b) => a.name.localeCompare(b.name))) {
    console.log(
      `  ${goal.met ? 'pass' : 'MISS'}  ${goal.name}: ${goal.shown}  (goal ${goal.goal})`,
    );
  }
}
