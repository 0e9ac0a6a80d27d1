import sinon from 'sinon';
import { SimWorld, type SimWorldOptions } from '../../../../../../engine/src/simulator/core/sim-world';
import type { WorldEvent } from '../../../../../../engine/src/simulator/core/world-events';

export const APP = 'engine';
export const TRUNK = 'TO-CUCM-Gaptel';

export interface Harness {
  readonly world: SimWorld;
  readonly clock: sinon.SinonFakeTimers;
  readonly events: WorldEvent[];
  /** `type channel-id [details]` of the events about `channelId`. */
  lines(channelId?: string): string[];
  dispose(): void;
}

function describeEvent(event: WorldEvent): string {
  const parts: string[] = [event.type];
  if ('channel' in event) parts.push(event.channel.id);
  if (event.type === 'dial') parts.push(event.peer.id, event.dialstatus || '""');
  if (event.type === 'channel.state-changed') parts.push(event.channel.state);
  if (event.type === 'channel.varset') parts.push(`${event.variable}=${event.value}`);
  if (event.type === 'channel.hangup-requested') parts.push(`${event.cause}${event.soft ? ' soft' : ''}${event.techCause ? `/${event.techCause}` : ''}`);
  if (event.type === 'channel.destroyed') parts.push(`${event.cause}${event.techCause ? `/${event.techCause}` : ''}`);
  return parts.join(' ');
}

/** A world on fake timers with an active app, recording every event. */
export function harness(options: SimWorldOptions = {}): Harness {
  const clock = sinon.useFakeTimers({ now: Date.parse('2026-11-22T04:00:00Z'), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  const world = new SimWorld(options);
  world.apps.activate(APP);
  const events: WorldEvent[] = [];
  world.on((event) => events.push(event));
  return {
    world,
    clock,
    events,
    lines: (channelId) =>
      events
        .filter((e) => channelId === undefined || ('channel' in e && e.channel.id === channelId) || (e.type === 'dial' && e.peer.id === channelId))
        .map(describeEvent),
    dispose: () => {
      world.dispose();
      clock.restore();
    },
  };
}
