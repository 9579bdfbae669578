/**
 * Java's `HashMap.toString` of a config, as Kafka's messages print one: the config is copied into
 * a HashMap (`new HashMap<>(config)` in its ConfigTransformer) before the message is built, so the
 * keys come in bucket order, not in the order the request gave them.
 */
export function javaHashMapString(config: Readonly<Record<string, string | null>>): string {
  const entries = Object.entries(config);
  // HashMap(Map) sizes its table for the map at the default load factor of 0.75.
  const capacity = powerOfTwoAtLeast(Math.floor(entries.length / 0.75 + 1));
  const buckets = new Map<number, [string, string | null][]>();
  for (const entry of entries) {
    const index = spreadHash(javaStringHash(entry[0])) & (capacity - 1);
    buckets.set(index, [...(buckets.get(index) ?? []), entry]);
  }
  const ordered = [...buckets].sort(([a], [b]) => a - b).flatMap(([, inBucket]) => inBucket);
  return `{${ordered.map(([k, v]) => `${k}=${v}`).join(', ')}}`;
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
