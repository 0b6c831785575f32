// "Did you mean …?" for a mistyped command or option: the one closest known name, when it is close enough
// to be a typo (a letter missing, doubled, swapped or wrong), else nothing.

/** Edits (insert, delete, substitute, swap two neighbours) that turn a into b. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

export function closestName(input: string, names: readonly string[]): string | null {
  const typed = input.toLowerCase();
  // Up to 2 edits, and fewer than half the word, so "lo" does not become "logout".
  const limit = Math.min(2, Math.floor((typed.length - 1) / 2));
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const name of names) {
    const distance = editDistance(typed, name.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

/** " Did you mean "accounts"?" or "" (to append to an error sentence). */
export function didYouMean(input: string, names: readonly string[], quote: (name: string) => string = (n) => `"${n}"`): string {
  const name = closestName(input, names);
  return name === null ? '' : ` Did you mean ${quote(name)}?`;
}
