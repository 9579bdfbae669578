// Internal: Java's String.hashCode, the building block of the structural hashes of schemas and values.
export function hashString(text: string | null): number {
  if (text === null) return 0;
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}
