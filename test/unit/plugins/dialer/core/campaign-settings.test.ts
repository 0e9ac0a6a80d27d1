import assert from 'node:assert/strict';
import { capReached, countsOriginates } from '../../../../../plugins/dialer/core/campaign-caps';
import {
  campaignSettingsIssues, fieldPath, parseCampaignCaps, parseRetryPolicy, type CampaignSettingsDraft,
} from '../../../../../plugins/dialer/core/campaign-settings';

const CTX = { defaultTimeZone: 'Asia/Tehran', lines: ['02191302950', '02191302951'] };
const POLICY = { maxAttempts: 3, rules: { busy: { delaySec: 120, maxAttempts: 3 } } };

/** `path: message` of every issue, in order. */
function problems(s: CampaignSettingsDraft): string[] {
  return campaignSettingsIssues(s, CTX).map((i) => `${fieldPath(i.path)}: ${i.message}`);
}

/** The field paths only. */
function paths(s: CampaignSettingsDraft): string[] {
  return campaignSettingsIssues(s, CTX).map((i) => fieldPath(i.path));
}

describe('dialer core: campaign settings validation (field paths)', () => {
  it('good settings have no issue', () => {
    assert.deepEqual(problems({}), []);
    assert.deepEqual(
      problems({
        timeZone: 'Europe/Berlin', lines: ['02191302951'], windows: { ranges: '09:00-17:00', days: { fri: [] }, holidays: ['2025-03-21'] },
        retryPolicy: POLICY, caps: { concurrent: 2, perHour: 60, perDay: 500 },
      }),
      [],
    );
  });

  it('timeZone: an unknown IANA zone', () => {
    assert.deepEqual(problems({ timeZone: 'Asia/Atlantis' }), ['timeZone: "Asia/Atlantis" is not an IANA time zone']);
  });

  it('timeZone: reported once, and the windows are still checked (in the default zone)', () => {
    assert.deepEqual(paths({ timeZone: 'Mars/Base', windows: { ranges: '9-5' } }), ['timeZone', 'windows.ranges']);
  });

  it('timeZone: a bad campaign zone is reported even when the windows name their own', () => {
    assert.deepEqual(paths({ timeZone: 'Mars/Base', windows: { timeZone: 'UTC', ranges: '09:00-17:00' } }), ['timeZone']);
  });

  it('windows.days.mon[0]: a bad range of one weekday', () => {
    assert.deepEqual(problems({ windows: { days: { mon: ['9-17', '18:00-20:00'] } } }), ['windows.days.mon[0]: "9-17" is not HH:MM-HH:MM (00:00..23:59, end may be 24:00)']);
  });

  it('windows.*: zone, holidays, unknown weekday, unknown field, no hours', () => {
    assert.deepEqual(paths({ windows: { timeZone: 'Nowhere', ranges: '09:00-17:00' } }), ['windows.timeZone']);
    assert.deepEqual(paths({ windows: { ranges: '09:00-17:00', holidays: ['2025-02-30'] } }), ['windows.holidays[0]']);
    assert.deepEqual(paths({ windows: { days: { funday: '09:00-10:00' } } }), ['windows.days.funday']);
    assert.deepEqual(paths({ windows: { ranges: '09:00-17:00', open: true } }), ['windows.open']);
    assert.deepEqual(paths({ windows: {} }), ['windows.ranges']);
    assert.deepEqual(paths({ windows: 'always' }), ['windows']);
  });

  it('windows are read in the campaign zone (not the default)', () => {
    // Valid either way; what matters is that the compiled window carries the campaign zone (see resolveCampaignWindow).
    assert.deepEqual(paths({ timeZone: 'America/New_York', windows: { ranges: '09:00-17:00' } }), []);
  });

  it('lines[i]: a line that is not configured', () => {
    assert.deepEqual(problems({ lines: ['02191302950', '02199999999'] }), ['lines[1]: "02199999999" is not a configured outbound line']);
  });

  it('retryPolicy.rules.busy.delaySec and friends', () => {
    const bad = (p: unknown) => paths({ retryPolicy: p });
    assert.deepEqual(bad({ maxAttempts: 3, rules: { busy: { delaySec: -5, maxAttempts: 2 } } }), ['retryPolicy.rules.busy.delaySec']);
    assert.deepEqual(bad({ maxAttempts: 0, rules: {} }), ['retryPolicy.maxAttempts']);
    assert.deepEqual(bad({ maxAttempts: 3, rules: { busy: { delaySec: 60 } } }), ['retryPolicy.rules.busy.maxAttempts']);
    assert.deepEqual(bad({ maxAttempts: 3, rules: { busy: { delaySec: 60, maxAttempts: 2, jitter: 1 } } }), ['retryPolicy.rules.busy.jitter']);
    assert.deepEqual(bad({ maxAttempts: 3, rules: {}, extra: true }), ['retryPolicy.extra']);
    assert.deepEqual(bad('twice'), ['retryPolicy']);
    const [unknownOutcome] = problems({ retryPolicy: { maxAttempts: 3, rules: { sleepy: { delaySec: 60, maxAttempts: 2 } } } });
    assert.match(unknownOutcome!, /^retryPolicy\.rules\.sleepy: expected one of busy, missed/);
  });

  it('caps.perDay and friends', () => {
    const bad = (c: unknown) => paths({ caps: c });
    assert.deepEqual(bad({ perDay: 0 }), ['caps.perDay']);
    assert.deepEqual(bad({ perHour: 2.5 }), ['caps.perHour']);
    assert.deepEqual(bad({ concurrent: '2' }), ['caps.concurrent']);
    assert.deepEqual(bad({ perWeek: 10 }), ['caps.perWeek']);
    assert.deepEqual(bad([1]), ['caps']);
    assert.deepEqual(problems({ caps: { perWeek: 10 } }), ['caps.perWeek: unknown field "perWeek"']);
  });

  it('every problem at once, so one request shows them all', () => {
    assert.deepEqual(
      paths({ timeZone: 'X/Y', lines: ['1'], windows: { ranges: 'x' }, retryPolicy: { maxAttempts: 0, rules: {} }, caps: { perDay: 0 } }),
      ['timeZone', 'windows.ranges', 'lines[0]', 'retryPolicy.maxAttempts', 'caps.perDay'],
    );
  });

  it('stored settings are judged under settings.* (for the dial loop)', () => {
    const policy = parseRetryPolicy({ maxAttempts: 3, rules: { busy: { delaySec: -1, maxAttempts: 2 } } }, ['settings', 'retryPolicy']);
    assert.equal(policy.ok, false);
    assert.deepEqual(!policy.ok && policy.issues.map((i) => fieldPath(i.path)), ['settings.retryPolicy.rules.busy.delaySec']);
    assert.deepEqual(parseRetryPolicy(null), { ok: true, value: undefined });
    assert.deepEqual(parseCampaignCaps(undefined), { ok: true, value: {} });
  });
});

describe('dialer core: campaign caps', () => {
  const idle = { inFlight: 0, lastHour: 0, today: 0 };

  it('no caps never limit', () => {
    assert.equal(capReached({}, { inFlight: 1e6, lastHour: 1e6, today: 1e6 }), null);
    assert.equal(countsOriginates({ concurrent: 1 }), false);
    assert.equal(countsOriginates({ perHour: 1 }), true);
  });

  it('each cap stops at its value, not one before', () => {
    assert.equal(capReached({ concurrent: 2 }, { ...idle, inFlight: 1 }), null);
    assert.equal(capReached({ concurrent: 2 }, { ...idle, inFlight: 2 }), 'concurrent');
    assert.equal(capReached({ perHour: 10 }, { ...idle, lastHour: 9 }), null);
    assert.equal(capReached({ perHour: 10 }, { ...idle, lastHour: 10 }), 'perHour');
    assert.equal(capReached({ perDay: 100 }, { ...idle, today: 99 }), null);
    assert.equal(capReached({ perDay: 100 }, { ...idle, today: 100 }), 'perDay');
  });
});
