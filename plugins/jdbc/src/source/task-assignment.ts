/**
 * Spreads the tables over min(#tables, tasks.max) tasks in contiguous groups, the first groups
 * one larger when the division leaves a remainder (Kafka's ConnectorUtils.groupPartitions).
 */
export function groupPartitions<T>(elements: readonly T[], numGroups: number): T[][] {
  if (numGroups <= 0) throw new RangeError('Number of groups must be positive.');
  const groups: T[][] = [];
  const perGroup = Math.floor(elements.length / numGroups);
  const leftover = elements.length - numGroups * perGroup;
  let at = 0;
  for (let group = 0; group < numGroups; group++) {
    const size = group < leftover ? perGroup + 1 : perGroup;
    groups.push(elements.slice(at, at + size));
    at += size;
  }
  return groups;
}
