import type { FractionalPercent } from "../config/route-model";
import type { Random } from "../util/random";

/**
 * True with probability numerator / denominator (HUNDRED, TEN_THOUSAND or MILLION), drawing one integer
 * in [0, denominator) as Envoy does; numerators above the denominator always pass.
 */
export function rollFraction(fraction: FractionalPercent, random: Random): boolean {
  if (fraction.numerator <= 0) return false;
  if (fraction.numerator >= fraction.denominator) return true;
  return Math.floor(random() * fraction.denominator) < fraction.numerator;
}

/** The fraction as a probability in [0, 1]. */
export function fractionToProbability(fraction: FractionalPercent): number {
  return Math.min(1, fraction.numerator / fraction.denominator);
}
