import { customerBehaviours, type CustomerScript } from '../../../../../../engine/src/simulator/core/customer-script';
import { SimWorld, type SimWorldOptions } from '../../../../../../engine/src/simulator/core/sim-world';
import type { WorldEvent } from '../../../../../../engine/src/simulator/core/world-events';
import { frameForApp } from '../../../../../../engine/src/simulator/ari/ari-event-render';

/** The app name and credentials of the capture setup (captures/README.md). */
export const CAPTURE_APP = 'salehi';
export const CAPTURE_USER = { username: 'engine', password: 'engine-secret' } as const;

const answersAtOnce = (hangupAfterSeconds: number, utterances: readonly string[] = ['']): CustomerScript => ({
  label: 'answers',
  ringSeconds: 0,
  outcome: { kind: 'answer' },
  hangupAfterSeconds,
  utterances,
});

const refuses = (sipCode: number): CustomerScript => ({ label: `sip-${sipCode}`, ringSeconds: 0, outcome: { kind: 'reject', sipCode } });

/**
 * A world set up like the Asterisk the captures were recorded on: trunk `failtrunk` (context
 * `sip-responder`) whose numbers answer 486/480/404/503/603, `180` rings forever, `200` answers;
 * Local contexts customer-sim, operator-sim, caller-sim (`NN` answers and hangs up after NN s),
 * engine-outbound-test (the §4.2 dial pattern) and cap-park (waits 20 s).
 */
export function captureWorld(options: SimWorldOptions = {}): SimWorld {
  const world = new SimWorld({
    endpoints: [
      { resource: 'failtrunk', kind: 'trunk', context: 'sip-responder' },
      { resource: 'loopback', kind: 'trunk', context: 'customer-sim' },
    ],
    contexts: [
      { name: 'engine-outbound-test', kind: 'dial', trunk: 'failtrunk' },
      { name: 'customer-sim', kind: 'party' },
      { name: 'operator-sim', kind: 'party' },
      { name: 'caller-sim', kind: 'party' },
      { name: 'cap-park', kind: 'park', waitSeconds: 20 },
    ],
    ...options,
  });
  for (const code of [486, 480, 404, 503, 603]) world.directory.set(String(code), refuses(code));
  world.directory.set('180', customerBehaviours.noAnswer());
  world.directory.set('200', answersAtOnce(20));
  world.directory.set('100', answersAtOnce(17, ['بله']));
  world.directory.set('1000', answersAtOnce(10));
  for (const seconds of [5, 40, 60]) world.directory.set(String(seconds).padStart(2, '0'), answersAtOnce(seconds));
  return world;
}

/** Collects the ARI frames application `app` would receive, in order. */
export function collectFrames(world: SimWorld, app = CAPTURE_APP): Array<Record<string, unknown>> {
  const frames: Array<Record<string, unknown>> = [];
  world.on((event: WorldEvent) => {
    const frame = frameForApp(event, app, world.asteriskId);
    if (frame) frames.push(frame);
  });
  return frames;
}

/**
 * A frame with what legitimately differs between two Asterisk runs masked: timestamps, SIP
 * Call-IDs, the channel-name counter and generated uniqueids.
 */
export function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value === null || typeof value !== 'object') {
    if (typeof value !== 'string') return value;
    return value.replace(/-[0-9a-f]{8}(;[12])?$/, '-N$1').replace(/^\d{10}\.\d+$/, 'UNIQUEID');
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'timestamp' || key === 'creationtime') out[key] = 'T';
    else if (key === 'protocol_id') out[key] = v === '' ? '' : 'CALL-ID';
    else out[key] = normalize(v);
  }
  return out;
}

/** A short, comparable description of a frame: type, subject id and the fields that matter. */
export function frameKey(frame: Record<string, unknown>): string {
  const channel = (frame['channel'] ?? frame['peer']) as { id?: string; state?: string } | undefined;
  const subject =
    channel?.id ??
    (frame['playback'] as { id?: string } | undefined)?.id ??
    (frame['recording'] as { name?: string } | undefined)?.name ??
    (frame['bridge'] as { id?: string } | undefined)?.id ??
    '';
  const extras: string[] = [];
  const type = String(frame['type']);
  if (type === 'ChannelVarset') extras.push(`${String(frame['variable'])}=${String(normalize(frame['value']))}`);
  if (type === 'ChannelHangupRequest' || type === 'ChannelDestroyed') extras.push(`cause=${String(frame['cause'])}`, frame['tech_cause'] ? `tech=${String(frame['tech_cause'])}` : '', frame['soft'] ? 'soft' : '');
  if (type === 'Dial') extras.push(`status=${String(frame['dialstatus'])}`, `caller=${String((frame['caller'] as { id?: string } | undefined)?.id ?? '')}`);
  if (type === 'ChannelStateChange') extras.push(String(channel?.state));
  if (type === 'StasisStart') extras.push(JSON.stringify(frame['args']));
  return [type, normalize(subject), ...extras.filter((e) => e !== '')].join(' ');
}
