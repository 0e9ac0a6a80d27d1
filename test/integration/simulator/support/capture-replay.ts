import assert from 'node:assert/strict';
import { frameKey, normalize } from '../../../unit/engine/simulator/ari/support/capture-world';
import type { EventSocket } from './event-socket';
import { parseResponses, requestLine, type ParsedResponse, type RawEntry } from './raw-capture';
import { rawExchange } from './raw-http';

type Frame = Record<string, unknown>;

/** Events worth waiting for before the next request (the capture's client waited for them too). */
const ANCHOR_TYPES = new Set([
  'StasisStart', 'StasisEnd', 'ChannelDestroyed', 'PlaybackStarted', 'PlaybackFinished', 'RecordingStarted',
  'RecordingFinished', 'ChannelEnteredBridge', 'ChannelLeftBridge', 'BridgeDestroyed',
]);

export interface ReplayStep {
  readonly line: string;
  readonly expected: ParsedResponse[];
  readonly actual: ParsedResponse[];
}

export interface ReplayOptions {
  readonly port: number;
  /** The world's speed: captured pauses between requests are scaled by it. */
  readonly speed: number;
  readonly events: EventSocket;
}

function isHalf(frame: Frame): boolean {
  const id = String(((frame['channel'] ?? frame['peer']) as { id?: string } | undefined)?.id ?? '');
  return id.endsWith(';2') || id.endsWith('-2');
}

function anchorBefore(entries: readonly RawEntry[], index: number): Frame | undefined {
  for (let j = index - 1; j >= 0; j--) {
    const entry = entries[j];
    if (!entry || entry.tag) continue;
    if (entry.kind === 'HTTP C->S') return undefined;
    if (entry.kind !== 'WS S->C') continue;
    const frame = JSON.parse(entry.bytes.toString('utf8')) as Frame;
    if (ANCHOR_TYPES.has(String(frame['type'])) && !isHalf(frame)) return frame;
  }
  return undefined;
}

function responseAfter(entries: readonly RawEntry[], index: number): RawEntry {
  const found = entries.slice(index + 1).find((e) => e.kind === 'HTTP S->C' && !e.tag);
  if (!found) throw new Error(`capture has no response after request #${index}`);
  return found;
}

/**
 * Replays the untagged HTTP requests of a capture byte for byte against the simulator, waiting
 * for the events the capturing client waited for and for the captured pauses (scaled).
 */
export async function replayRequests(entries: readonly RawEntry[], options: ReplayOptions): Promise<ReplayStep[]> {
  const steps: ReplayStep[] = [];
  let lastT = 0;
  for (const [index, entry] of entries.entries()) {
    if (entry.kind !== 'HTTP C->S' || entry.tag) continue;
    const anchor = anchorBefore(entries, index);
    if (anchor) await options.events.waitFor((f) => frameKey(f) === frameKey(anchor), 5000);
    const pause = Math.min(400, Math.max(0, (entry.t - lastT) * 1000 * options.speed));
    lastT = entry.t;
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    const upgrade = /\r\nUpgrade: websocket/i.test(entry.bytes.toString('latin1'));
    const actual = parseResponses(await rawExchange(options.port, entry.bytes, upgrade ? 150 : 3000));
    steps.push({ line: requestLine(entry.bytes), expected: parseResponses(responseAfter(entries, index).bytes), actual });
  }
  return steps;
}

function jsonOrText(body: Buffer): unknown {
  const text = body.toString('utf8');
  try {
    return normalize(JSON.parse(text));
  } catch {
    return text;
  }
}

/**
 * Status line, header names in order and their values (but Date and Content-Length), and the
 * body (JSON with run-specific values masked; text exactly; audio by its RIFF header).
 */
export function assertSameResponse(step: ReplayStep): void {
  assert.equal(step.actual.length, step.expected.length, `${step.line}: number of responses`);
  step.expected.forEach((expected, i) => {
    const actual = step.actual[i] as ParsedResponse;
    assert.equal(actual.statusLine, expected.statusLine, step.line);
    assert.deepEqual(actual.headers.map(([n]) => n), expected.headers.map(([n]) => n), `${step.line}: header names and order`);
    const values = (r: ParsedResponse): string[] => r.headers.filter(([n]) => !/^(date|content-length)$/i.test(n)).map(([n, v]) => `${n}: ${v}`);
    assert.deepEqual(values(actual), values(expected), `${step.line}: header values`);
    const type = expected.headers.find(([n]) => /^content-type$/i.test(n))?.[1] ?? '';
    if (type.startsWith('audio/')) assert.equal(actual.body.subarray(0, 4).toString('latin1'), 'RIFF', step.line);
    else assert.deepEqual(jsonOrText(actual.body), jsonOrText(expected.body), `${step.line}: body`);
  });
}

/** Event keys of a capture's untagged WebSocket frames, minus the frames `skip` says were cut. */
export function capturedKeys(entries: readonly RawEntry[], keep: (frame: Frame) => boolean): string[] {
  return entries
    .filter((e) => e.kind === 'WS S->C' && !e.tag)
    .map((e) => JSON.parse(e.bytes.toString('utf8')) as Frame)
    .filter(keep)
    .map(frameKey);
}
