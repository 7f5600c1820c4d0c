// The median the bench scripts print: the middle value, or the mean of the two middle ones for an
// even count. Its own module, since bench.ts runs the bench when it is imported.
export function median(values: readonly number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
