/**
 * The ONE place that allocates VAT. Coupang prints a sheet's 세액 once, and it is not exactly 10 % of
 * 합계 (68,625 → 6,864), so we split the file's figure over the lines pro rata by net fee and hand
 * the rounding remainders to the largest fractional parts (Hamilton / largest-remainder method):
 * the lines always sum to 세액 exactly.
 */

/**
 * @param weights signed net fees of the lines
 * @param total   the sheet's 세액 (integer KRW, may be negative)
 * @returns one integer per line, summing to `total`
 *
 * Negative lines (adjustments, cancellations) get a negative share. When Σweights is 0 (everything
 * cancelled out) there is no meaningful ratio: the shares follow |weight| instead, and when all
 * weights are 0 the total is spread evenly, so the VAT still lands somewhere visible.
 */
export function allocateProRata(weights: readonly number[], total: number): number[] {
  const n = weights.length;
  if (n === 0) return [];
  let basis = weights.slice();
  let sum = basis.reduce((a, b) => a + b, 0);
  if (sum === 0) {
    basis = weights.map((w) => Math.abs(w));
    sum = basis.reduce((a, b) => a + b, 0);
  }
  if (sum === 0) {
    basis = weights.map(() => 1);
    sum = n;
  }
  const shares = new Array<number>(n);
  const fractions: { index: number; fraction: number }[] = new Array(n);
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    const exact = (total * (basis[i] ?? 0)) / sum;
    const floor = Math.floor(exact);
    shares[i] = floor;
    assigned += floor;
    fractions[i] = { index: i, fraction: exact - floor };
  }
  let remainder = total - assigned; // 0 ≤ remainder < n (floors undershoot)
  // Largest fraction first; ties by position keep the allocation a pure function of the inputs.
  fractions.sort((a, b) => b.fraction - a.fraction || a.index - b.index);
  for (let k = 0; remainder > 0; k = (k + 1) % n, remainder--) {
    const target = fractions[k]!.index;
    shares[target] = (shares[target] ?? 0) + 1;
  }
  return shares;
}
