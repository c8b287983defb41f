// "Did you mean": the closest known word, when it is close enough to be a typo.

/** Edits (insert, delete, substitute, or swap two neighbours: `naem` is one edit from `name`) from a to b. */
export function editDistance(a: string, b: string): number {
  let before: number[] = []; // the row of i - 2, for swaps
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** The candidate within a third of the word's length in edits (case ignored), the nearest first. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d === 0 && c !== word) return c;
    if (d <= Math.max(1, Math.floor(word.length / 3)) && (!best || d < best.d)) best = { c, d };
  }
  return best?.c;
}
