import assert from 'node:assert/strict';
import sinon from 'sinon';
import { capturedEvents, type CaptureName } from '../../../../fixtures/ari-events/ari-fixtures';
import type { SimWorld } from '../../../../../engine/src/simulator/core/sim-world';
import { CAPTURE_APP, captureWorld, collectFrames, frameKey, normalize } from './support/capture-world';

type Frame = Record<string, unknown>;

const ORIGINATE_DEFAULTS = { app: CAPTURE_APP, callerId: '"Acme" <4055550100>', timeoutSec: 30 } as const;

function asJson(frames: readonly unknown[]): string[] {
  return frames.map((f) => JSON.stringify(normalize(f)));
}

/**
 * The event sequences the simulated PBX sends an ARI app, compared frame by frame (content and
 * key order, with run-specific values masked) with what a real Asterisk 20.20.1 sent.
 */
describe('simulator ARI event sequences against the captures', () => {
  let clock: sinon.SinonFakeTimers;
  let world: SimWorld;
  let frames: Frame[];

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: Date.parse('2026-11-22T04:07:51.035Z'), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    world = captureWorld();
    world.apps.activate(CAPTURE_APP);
    frames = collectFrames(world);
  });

  afterEach(() => {
    world.dispose();
    clock.restore();
  });

  for (const code of ['486', '480', '404', '603'] as const) {
    it(`PJSIP ${code}: every frame equals captures/ari-09-originate-pjsip-${code}`, () => {
      const result = world.channels.originate({ ...ORIGINATE_DEFAULTS, endpoint: `PJSIP/${code}@failtrunk`, appArgs: ['outbound', `cap-${code}-1`], channelId: `cap-${code}-1` });
      assert.equal(result.ok, true);
      clock.tick(2000);
      const expected = capturedEvents(`ari-09-originate-pjsip-${code}` as CaptureName);
      assert.deepEqual(asJson(frames), asJson(expected));
    });
  }

  it('PJSIP ringing past the originate timeout: only ChannelDestroyed 19/480 (captures/ari-09-originate-pjsip-noanswer)', () => {
    world.channels.originate({ ...ORIGINATE_DEFAULTS, endpoint: 'PJSIP/180@failtrunk', appArgs: ['outbound', 'cap-noanswer-1'], timeoutSec: 4, channelId: 'cap-noanswer-1' });
    clock.tick(3999);
    assert.equal(frames.length, 3, 'Dial "", Ringing, Dial RINGING before the timeout');
    clock.tick(2000);
    assert.deepEqual(asJson(frames), asJson(capturedEvents('ari-09-originate-pjsip-noanswer')));
  });

  it('PJSIP answered then DELETE: RTP statistics, soft 32, StasisEnd, cause 16 (captures/ari-09-originate-pjsip-answered)', () => {
    world.channels.originate({ ...ORIGINATE_DEFAULTS, endpoint: 'PJSIP/200@failtrunk', appArgs: ['outbound', 'cap-answered-1'], channelId: 'cap-answered-1' });
    clock.tick(1000);
    assert.equal(world.channels.hangup('cap-answered-1', 16).ok, true);
    clock.tick(100);
    assert.deepEqual(asJson(frames), asJson(capturedEvents('ari-09-originate-pjsip-answered')));
  });

  it('unknown trunk, unknown endpoint and unknown technology: allocation failure and no event', () => {
    for (const endpoint of ['PJSIP/100@nosuchtrunk', 'PJSIP/nosuchendpoint', 'FOO/bar']) {
      const result = world.channels.originate({ ...ORIGINATE_DEFAULTS, endpoint, channelId: `x-${endpoint}` });
      assert.deepEqual(result, { ok: false, rejection: { kind: 'allocation-failed' } });
    }
    clock.tick(1000);
    assert.equal(frames.length, 0);
    assert.equal(capturedEvents('ari-09-originate-pjsip-unknown-endpoint').length, 0);
  });

  it('core restart with a Local channel in Stasis: every frame equals captures/ari-11b-restart', () => {
    world.channels.originate({ app: CAPTURE_APP, endpoint: 'Local/60@caller-sim', appArgs: ['survive?'], timeoutSec: 30, channelId: 'cap-restart-1' });
    clock.tick(1500);
    world.shutdown(true);
    assert.deepEqual(asJson(frames), asJson(capturedEvents('ari-11b-restart', 'W1')));
    assert.equal(world.channels.list().length, 0);
  });

  it('far end of a Local channel ends: ;2 soft 16, ;1 request 16, StasisEnd, ;1 destroyed with cause 0 (captures/ari-08b case 2)', () => {
    world.channels.originate({ app: CAPTURE_APP, endpoint: 'Local/05@caller-sim', timeoutSec: 30, channelId: 'cap-h-2' });
    clock.tick(6000);
    const tail = frames.slice(-7).map(frameKey);
    assert.deepEqual(tail, [
      'ChannelDialplan cap-h-2;2',
      'ChannelHangupRequest cap-h-2;2 cause=16 soft',
      'ChannelHangupRequest cap-h-2 cause=16',
      'ChannelDestroyed cap-h-2;2 cause=16',
      'StasisEnd cap-h-2',
      'ChannelVarset cap-h-2 STASISSTATUS=SUCCESS',
      'ChannelDestroyed cap-h-2 cause=0',
    ]);
  });

  it('AMI hangup of a Local ;1 in Stasis: no request on ;1, StasisEnd, the cause reaches both halves (captures/ari-08b case 1)', () => {
    world.channels.originate({ app: CAPTURE_APP, endpoint: 'Local/60@caller-sim', timeoutSec: 30, channelId: 'cap-h-1' });
    clock.tick(300);
    const before = frames.length;
    world.channels.hangup('cap-h-1', 17, 'manager');
    const expected = capturedEvents('ari-08b-hangup-sources').slice(7, 13).map(frameKey);
    assert.deepEqual(frames.slice(before).map(frameKey), expected);
  });

  describe('Local channel into the dialing context (captures/ari-09b-local-dial-outcomes)', () => {
    const captured = capturedEvents('ari-09b-local-dial-outcomes');
    const about = (id: string) => (frame: Frame): boolean => JSON.stringify(frame).includes(`"${id}`);
    const onlyOne = (id: string) => (frame: Frame): boolean => ((frame['channel'] ?? frame['peer']) as { id?: string } | undefined)?.id === id && !frame['caller'];

    function originateLocal(number: string, timeoutSec = 30): string {
      const id = `cap-lo-${number}`;
      world.channels.originate({ app: CAPTURE_APP, endpoint: `Local/${number}@engine-outbound-test/n`, appArgs: ['outbound', id], timeoutSec, channelId: id, variables: { ENGINE_ATTEMPT: id } });
      return id;
    }

    it('486: every frame of the run, in order (;2 Dial() with the carrier leg, cause 17 on ;1)', () => {
      const id = originateLocal('486');
      clock.tick(1000);
      assert.deepEqual(frames.filter(about(id)).map(frameKey), captured.filter(about(id)).map(frameKey));
    });

    it('ringing carrier cut by the 4 s originate timeout: ;2 cause 19, inner Dial CANCEL, every frame in order', () => {
      const id = originateLocal('180', 4);
      clock.tick(3000);
      assert.equal(frames.filter((f) => f['type'] === 'ChannelDestroyed').length, 0);
      clock.tick(2000);
      assert.deepEqual(frames.filter(about(id)).map(frameKey), captured.filter(about(id)).map(frameKey));
    });

    for (const [number, cause] of [['480', 19], ['404', 1], ['503', 34]] as const) {
      it(`${number}: the Stasis channel ends with cause ${cause}; its frames follow the captured key frames`, () => {
        const id = originateLocal(number);
        clock.tick(1000);
        const ours = frames.filter(onlyOne(id)).map(frameKey);
        const theirs = captured.filter(onlyOne(id)).map(frameKey);
        // The capture kept only key frames of this run (Dial "" and the trailing caller id were cut).
        assert.deepEqual(ours.filter((key) => theirs.includes(key)), theirs);
        assert.deepEqual(ours.filter((key) => !theirs.includes(key)), [`Dial ${id} status= caller=`, `ChannelCallerId ${id}`]);
        assert.ok(ours.includes(`ChannelDestroyed ${id} cause=${cause}`));
      });
    }

    it('200: answered through the carrier, StasisStart, then DELETE ends both halves with cause 16', () => {
      const id = originateLocal('200');
      clock.tick(500);
      assert.equal(world.channels.hangup(id, 16).ok, true);
      clock.tick(100);
      const ours = frames.filter(about(id)).map(frameKey);
      const theirs = captured.filter(about(id)).map(frameKey);
      assert.deepEqual(ours.filter((key) => theirs.includes(key)), theirs, 'the captured key frames appear in the same order');
    });
  });
});
