/**
 * Replays the client side of one captured AMI session against our AMI server and checks every
 * server message against the capture, header by header. Captured broadcast events are produced by
 * pushing the equivalent world event into the scripted world right before the message is expected
 * (so the server's rendering is what is compared); captured OriginateResponses are produced by
 * finishing the matching originate with the outcome the capture implies.
 */
import assert from 'node:assert/strict';
import type { SimChannel } from '../../../../../../engine/src/simulator/ami/ami-world-view';
import type { ScriptedAmiWorld } from '../../../../../../engine/src/simulator/ami/scripted-ami-world';
import { header, headersOf, readCaptureWithOmissions, type Headers } from '../../../../../fixtures/ami/capture-file';
import { RawAmiClient } from '../../../../../fixtures/ami/raw-ami-client';
import { assertSameMessage, channelFrom, outcomeFrom, worldEventFrom } from './conformance';

export interface ReplayOptions {
  readonly port: number;
  readonly world: ScriptedAmiWorld;
  readonly tag?: string;
  /** Called before the i-th client message is sent (to adjust the world's state). */
  readonly beforeSend?: (index: number, request: string) => void;
  /** Event names the server does not produce from the world (PJSIP security events...); skipped. */
  readonly skipEvents?: ReadonlySet<string>;
}

const NOT_FROM_WORLD = new Set(['ChallengeSent', 'Cdr']);

function isBroadcast(h: Headers): boolean {
  return header(h, 'Privilege') !== undefined && header(h, 'Event') !== undefined;
}

export class CaptureReplay {
  private readonly channels = new Map<string, SimChannel>();
  compared = 0;

  constructor(private readonly capture: string, private readonly o: ReplayOptions) {}

  async run(): Promise<RawAmiClient> {
    const items = readCaptureWithOmissions(this.capture).filter((i) => i.tag === this.o.tag);
    const client = await RawAmiClient.open(this.o.port);
    let sent = 0;
    for (const item of items) {
      if ('omitted' in item) {
        await this.onOmitted(client, item.omitted);
        continue;
      }
      if (item.remark.includes('banner')) {
        assert.equal(await this.banner(client), item.bytes.toString(), 'banner');
      } else if (item.dir === 'C->S') {
        this.o.beforeSend?.(sent, item.bytes.toString());
        sent++;
        client.send(item.bytes);
      } else {
        await this.expect(client, headersOf(item.bytes));
      }
    }
    return client;
  }

  private async banner(client: RawAmiClient): Promise<string> {
    for (let i = 0; i < 100 && client.banner === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    return client.banner ?? '';
  }

  private async onOmitted(client: RawAmiClient, note: string): Promise<void> {
    // Omitted list completions are still sent by a real server (and ours): read and drop them.
    for (const m of note.matchAll(/(\w+Complete) x(\d+)/g)) await client.take(Number(m[2]));
  }

  private async expect(client: RawAmiClient, expected: Headers): Promise<void> {
    const name = header(expected, 'Event');
    if (name && (NOT_FROM_WORLD.has(name) || this.o.skipEvents?.has(name) || (name === 'SuccessfulAuth' && header(expected, 'Service') !== 'AMI'))) return;
    if (isBroadcast(expected)) this.produce(expected);
    const got = await client.next();
    assertSameMessage(got.headers, expected, `${this.capture} message #${this.compared + 1} (${name ?? header(expected, 'Response')})`);
    this.compared++;
  }

  private produce(expected: Headers): void {
    const name = header(expected, 'Event');
    if (name === 'OriginateResponse') {
      const ref = this.pendingOriginate(expected);
      assert.ok(ref, `an OriginateResponse needs an unfinished originate (${header(expected, 'ActionID') ?? ''})`);
      const name = header(expected, 'Channel') ?? '';
      // When the capture omitted the channel's Newchannel (ami-07), the response itself names it.
      const channel = this.channels.get(name) ?? { ...channelFrom(expected), name, uniqueid: header(expected, 'Uniqueid') ?? '', linkedid: '', state: 'up' as const };
      this.o.world.finishOriginate(ref, outcomeFrom(expected, channel));
      return;
    }
    const ev = worldEventFrom(expected);
    if (!ev) return; // produced by the server itself (SuccessfulAuth, UserEvent, FullyBooted, Shutdown)
    if (ev.type === 'channel.created') this.channels.set(ev.channel.name, ev.channel);
    this.o.world.emit(ev);
  }

  /** The first accepted, unfinished originate whose target matches the captured response. */
  private pendingOriginate(expected: Headers): string | undefined {
    const w = this.o.world;
    const target = (r: (typeof w.accepted)[number]): string[] => (r.target.kind === 'exten' ? [r.target.context, r.target.exten] : [r.target.application, r.target.data]);
    const want = header(expected, 'Application') !== undefined ? [header(expected, 'Application'), header(expected, 'Data')] : [header(expected, 'Context'), header(expected, 'Exten')];
    return w.accepted.find((r) => !w.finished.has(r.ref) && target(r).join('|') === want.join('|'))?.ref;
  }
}

/** Channels for the world from captured CoreShowChannel items (state, application, duration, bridge). */
export function channelsFromList(items: Headers[], now: number): SimChannel[] {
  return items.map((h) => {
    const [hh, mm, ss] = (header(h, 'Duration') ?? '00:00:00').split(':').map(Number);
    const bridge = header(h, 'BridgeId');
    return {
      ...channelFrom(h, '', now - (hh * 3600 + mm * 60 + ss) * 1000 - 100),
      application: header(h, 'Application') ?? '',
      applicationData: header(h, 'ApplicationData') ?? '',
      ...(bridge ? { bridgeId: bridge } : {}),
    };
  });
}
