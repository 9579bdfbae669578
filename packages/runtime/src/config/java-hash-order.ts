/**
 * The iteration order of Java's HashMap and HashSet for string keys, where Kafka's answers show it:
 * keys come in bucket order (the spread String.hashCode masked by the table size), keys of one
 * bucket in insertion order.
 */

/**
 * `HashMap.toString` of a config, as Kafka's messages print one: the config is copied into a
 * HashMap (`new HashMap<>(config)` in its ConfigTransformer) before the message is built.
 */
export function javaHashMapString(config: Readonly<Record<string, string | null>>): string {
  const entries = Object.entries(config);
  // HashMap(Map) sizes its table for the map at the default load factor of 0.75.
  const capacity = powerOfTwoAtLeast(Math.floor(entries.length / 0.75 + 1));
  const ordered = inBucketOrder(entries, ([key]) => key, capacity);
  return `{${ordered.map(([k, v]) => `${k}=${v}`).join(', ')}}`;
}

/** The order a `new HashSet<>()` (or the keys of a `new HashMap<>()`) filled one at a time iterates in. */
export function javaHashSetOrder(values: Iterable<string>): string[] {
  const distinct = [...new Set(values)];
  // 16 buckets, doubled whenever the size passes three quarters of them.
  let capacity = 16;
  while (distinct.length > capacity * 0.75) capacity *= 2;
  return inBucketOrder(distinct, (value) => value, capacity);
}

function inBucketOrder<T>(items: readonly T[], keyOf: (item: T) => string, capacity: number): T[] {
  const buckets = new Map<number, T[]>();
  for (const item of items) {
    const index = spreadHash(javaStringHash(keyOf(item))) & (capacity - 1);
    buckets.set(index, [...(buckets.get(index) ?? []), item]);
  }
  return [...buckets].sort(([a], [b]) => a - b).flatMap(([, inBucket]) => inBucket);
}

function javaStringHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/** HashMap.hash: the high bits folded into the low ones that pick the bucket. */
function spreadHash(h: number): number {
  return h ^ (h >>> 16);
}

function powerOfTwoAtLeast(n: number): number {
  let capacity = 1;
  while (capacity < n) capacity *= 2;
  return capacity;
}
