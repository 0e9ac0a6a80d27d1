import assert from 'node:assert/strict';
import { EventDeduplicator } from '../../../../../../engine/src/adapters/asterisk/ari/ari-dedup';
import { AriEventPipeline } from '../../../../../../engine/src/adapters/asterisk/ari/ari-event-pipeline';
import { createAriMetrics } from '../../../../../../engine/src/adapters/asterisk/ari/ari-metrics';
import type { CallEvent } from '../../../../../../engine/src/ports/call-event';
import { CaptureLogger } from '../../../../../fakes/capture-logger';
import { findEvent } from '../../../../../fixtures/ari-events/ari-fixtures';

function setup(): { pipeline: AriEventPipeline; events: CallEvent[]; logger: CaptureLogger; replaced: number[] } {
  const logger = new CaptureLogger();
  const replaced: number[] = [];
  const pipeline = new AriEventPipeline({
    logger,
    metrics: createAriMetrics(undefined),
    clock: { now: () => 5 },
    dedup: new EventDeduplicator({ windowMs: 1000 }),
    onAppReplaced: () => replaced.push(1),
  });
  const events: CallEvent[] = [];
  pipeline.subscribe((e) => events.push(e));
  return { pipeline, events, logger, replaced };
}

describe('ari-event-pipeline', () => {
  it('drops malformed JSON frames with a warning and keeps going', () => {
    const { pipeline, events, logger } = setup();
    assert.doesNotThrow(() => pipeline.handleFrame('{not json'));
    pipeline.handleFrame(JSON.stringify(findEvent('ari-08-stasis-e2e', (e) => e.type === 'StasisEnd')));
    assert.deepEqual(events.map((e) => e.type), ['call.left']);
    assert.ok(logger.find('warn', /ARI frame dropped/));
  });

  it('logs an unknown event type once, at debug', () => {
    const { pipeline, events, logger } = setup();
    pipeline.handleFrame('{"type":"NewInAsterisk23"}');
    pipeline.handleFrame('{"type":"NewInAsterisk23"}');
    assert.deepEqual(events, []);
    assert.equal(logger.records.filter((r) => r.level === 'debug' && /unknown ARI event type/.test(r.msg)).length, 1);
    assert.equal(logger.records.filter((r) => r.level === 'warn' || r.level === 'error').length, 0);
  });

  it('a listener that throws is logged and does not stop the others', () => {
    const { pipeline, events, logger } = setup();
    pipeline.subscribe(() => {
      throw new Error('listener bug');
    });
    const other: CallEvent[] = [];
    pipeline.subscribe((e) => other.push(e));
    pipeline.handleFrame(JSON.stringify(findEvent('ari-08-stasis-e2e', (e) => e.type === 'StasisEnd')));
    assert.equal(events.length, 1);
    assert.equal(other.length, 1);
    assert.ok(logger.find('error', /listener failed/));
  });

  it('delivers app.replaced, then tells the adapter', () => {
    const { pipeline, events, replaced } = setup();
    pipeline.handleFrame(JSON.stringify(findEvent('ari-11a-reconnect-replaced', (e) => e.type === 'ApplicationReplaced')));
    assert.deepEqual(events.map((e) => e.type), ['app.replaced']);
    assert.equal(replaced.length, 1);
  });

  it('unsubscribe stops delivery', () => {
    const { pipeline } = setup();
    const got: CallEvent[] = [];
    const off = pipeline.subscribe((e) => got.push(e));
    off();
    pipeline.emit({ type: 'call.left', at: 1, channelId: 'c' });
    assert.deepEqual(got, []);
  });
});
