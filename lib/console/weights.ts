/**
 * Traffic-split slider arithmetic. Weights are whole numbers that must sum to exactly 100 (the mesh
 * model's rule); moving one slider re-balances the unlocked others in proportion to their current
 * weights, so the sum never leaves 100 while an admin drags.
 */

export interface WeightEntry {
  weight: number;
  /** A locked entry keeps its weight when another slider moves. */
  locked?: boolean;
}

export const TOTAL_WEIGHT = 100;

export function sumWeights(weights: readonly number[]): number {
  return weights.reduce((sum, weight) => sum + weight, 0);
}

/**
 * Splits `total` (an integer) into integers proportional to `shares` (largest remainder; ties go to the
 * earlier entry). All-zero shares split evenly.
 */
export function apportion(total: number, shares: readonly number[]): number[] {
  if (shares.length === 0) return [];
  const positive = shares.map((share) => Math.max(0, share));
  const sum = sumWeights(positive);
  const basis = sum > 0 ? positive : positive.map(() => 1);
  const basisSum = sum > 0 ? sum : basis.length;
  const exact = basis.map((share) => (total * share) / basisSum);
  const result = exact.map(Math.floor);
  let left = total - sumWeights(result);
  const order = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    result[index] = (result[index] ?? 0) + 1;
    left--;
  }
  return result;
}

/**
 * The weights after the entry at `index` is set to `requested`: the value is rounded and clamped to
 * what the locked entries leave, and the rest is shared among the other unlocked entries. When no other
 * entry can move, the moved one keeps whatever keeps the sum at 100.
 */
export function setWeight(entries: readonly WeightEntry[], index: number, requested: number): number[] {
  const current = entries.map((entry) => entry.weight);
  if (index < 0 || index >= entries.length) return current;
  const lockedSum = sumWeights(
    entries.filter((entry, i) => i !== index && entry.locked).map((entry) => entry.weight),
  );
  const available = Math.max(0, TOTAL_WEIGHT - lockedSum);
  const free = entries.map((entry, i) => (i !== index && !entry.locked ? i : -1)).filter((i) => i >= 0);
  const value =
    free.length === 0
      ? available
      : Math.min(available, Math.max(0, Math.round(Number.isFinite(requested) ? requested : 0)));
  const shares = apportion(
    available - value,
    free.map((i) => current[i] ?? 0),
  );
  const next = [...current];
  next[index] = value;
  free.forEach((i, position) => {
    next[i] = shares[position] ?? 0;
  });
  return next;
}

/** Weights rescaled to sum to 100 (e.g. after loading a rule whose lone destination had none). */
export function normalizeWeights(weights: readonly number[]): number[] {
  return apportion(TOTAL_WEIGHT, weights);
}

/** After removing an entry, its share goes to the others in proportion. */
export function removeWeight(weights: readonly number[], index: number): number[] {
  const rest = weights.filter((_, i) => i !== index);
  return apportion(TOTAL_WEIGHT, rest);
}

/** Shares the traffic evenly: 34/33/33 for three. */
export function evenWeights(count: number): number[] {
  return apportion(
    TOTAL_WEIGHT,
    Array.from({ length: count }, () => 1),
  );
}

/** What is wrong with a set of weights, or null: the same rule the server enforces, said plainly. */
export function weightsProblem(weights: readonly number[]): string | null {
  if (weights.some((weight) => !Number.isInteger(weight))) return "weights must be whole numbers";
  if (weights.some((weight) => weight < 0)) return "weights cannot be negative";
  const sum = sumWeights(weights);
  if (sum !== TOTAL_WEIGHT) return `weights sum to ${sum}; they must sum to 100`;
  return null;
}
