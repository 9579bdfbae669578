/**
 * Jackson's default base64 reading (variant MIME-NO-LINEFEEDS): standard alphabet, padding
 * required, whitespace between quads skipped. Throws on anything else.
 */
const PADDED_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function decodeBase64(text: string): Uint8Array {
  // eslint-disable-next-line no-control-regex
  const compact = text.replace(/[\u0000-\u0020]/g, '');
  if (!PADDED_BASE64.test(compact)) throw new SyntaxError(`Invalid base64 text: "${text}"`);
  return new Uint8Array(Buffer.from(compact, 'base64'));
}
