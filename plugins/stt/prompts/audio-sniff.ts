/** What a downloaded prompt really is, from its first bytes (a Content-Type header is not trusted). */
export type AudioKind = 'mp3' | 'wav';

export function sniffAudio(b: Buffer): AudioKind | undefined {
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WAVE') return 'wav';
  if (b.length >= 3 && b.toString('latin1', 0, 3) === 'ID3') return 'mp3';
  // An MPEG audio frame header: 11 sync bits, a version that is not the reserved 01 and a layer
  // that is not the reserved 00 (which also rules out AAC's ADTS header, layer bits 00).
  if (b.length >= 4 && b[0] === 0xff && (b[1]! & 0xe0) === 0xe0 && ((b[1]! >> 3) & 3) !== 1 && ((b[1]! >> 1) & 3) !== 0) return 'mp3';
  return undefined;
}
