/**
 * `Originate` on the simulator (PROTOCOLS.md §1.6): syntax checks in Asterisk's order with its exact
 * texts, then the world decides. Async: `Originate successfully queued` at once and a broadcast
 * OriginateResponse later. Sync: the session blocks until the outcome, answers Success/`Originate
 * failed`, and writes the call's events only after that response; no OriginateResponse.
 */
import type { ActionHandler } from './ami-actions';
import type { RenderedEvent } from './ami-event-render';
import type { AmiRequest } from './ami-request-reader';
import type { PendingOriginate } from './ami-server-context';
import type { SimOriginateOutcome, SimOriginateRequest, SimOriginateTarget } from './ami-world-view';
import { responseHeaders } from './ami-wire';

const MAX_UNIQUEID = 149;
const DEFAULT_TIMEOUT_MS = 30_000;
// A world that never reports an outcome must not wedge a synchronous session forever.
const SYNC_GRACE_MS = 30_000;

type Parsed = Omit<SimOriginateRequest, 'ref'>;

/** `sscanf("%d")`: a leading integer, optional sign and blanks; undefined when there is none. */
function leadingInt(text: string): number | undefined {
  const m = /^\s*([+-]?\d+)/.exec(text);
  return m ? Number(m[1]) : undefined;
}

function isTrue(v: string | undefined): boolean {
  return ['yes', 'true', 'y', 't', '1', 'on'].includes((v ?? '').trim().toLowerCase());
}

/** `"Name" <number>`, `Name <number>`, a bare number or a bare name (`ast_callerid_parse`). */
export function parseCallerId(value: string | undefined): { name?: string; num?: string } {
  const v = (value ?? '').trim();
  if (v === '') return {};
  const m = /^(.*)<([^>]*)>\s*$/.exec(v);
  if (m) {
    const name = m[1].trim().replace(/^"(.*)"$/, '$1');
    return { ...(name ? { name } : {}), ...(m[2] ? { num: m[2] } : {}) };
  }
  return /^[+\d*#]+$/.test(v) ? { num: v } : { name: v.replace(/^"(.*)"$/, '$1') };
}

function variables(req: AmiRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const header of req.all('Variable')) {
    for (const pair of header.split(',')) {
      const eq = pair.indexOf('=');
      if (eq > 0) out[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  return out;
}

function target(req: AmiRequest): SimOriginateTarget | string {
  const app = req.get('Application') ?? '';
  if (app !== '') return { kind: 'app', application: app, data: req.get('Data') ?? '' };
  const exten = req.get('Exten') ?? '';
  const context = req.get('Context') ?? '';
  const priority = leadingInt(req.get('Priority') ?? '');
  if (exten === '' || context === '' || priority === undefined) return "Originate with 'Exten' requires 'Context' and 'Priority'";
  return { kind: 'exten', context, exten, priority };
}

/** Validates in Asterisk's order; returns the error text or the parsed request. */
export function parseOriginate(req: AmiRequest): Parsed | string {
  const channel = req.get('Channel') ?? '';
  if (channel === '') return 'Channel not specified';
  const channelId = req.get('ChannelId') || undefined;
  const otherChannelId = req.get('OtherChannelId') || undefined;
  if ((channelId?.length ?? 0) > MAX_UNIQUEID || (otherChannelId?.length ?? 0) > MAX_UNIQUEID) return `Uniqueid length exceeds maximum of ${MAX_UNIQUEID}`;
  const priority = req.get('Priority') ?? '';
  if (priority !== '' && leadingInt(priority) === undefined) return 'Invalid priority';
  const timeout = req.get('Timeout') ?? '';
  const timeoutMs = timeout === '' ? DEFAULT_TIMEOUT_MS : leadingInt(timeout);
  if (timeoutMs === undefined) return 'Invalid timeout';
  if (!channel.includes('/')) return 'Invalid channel';
  const t = target(req);
  if (typeof t === 'string') return t;
  const cid = parseCallerId(req.get('CallerID'));
  return {
    channel, target: t, timeoutMs: timeoutMs > 0 ? timeoutMs : DEFAULT_TIMEOUT_MS, variables: variables(req),
    ...(cid.name ? { callerIdName: cid.name } : {}), ...(cid.num ? { callerIdNum: cid.num } : {}),
    ...(req.get('Account') ? { account: req.get('Account') } : {}),
    ...(channelId ? { channelId } : {}), ...(otherChannelId ? { otherChannelId } : {}),
    async: isTrue(req.get('Async')),
  };
}

/** OriginateResponse `Reason` (`pbx_dial_reason`): 4 answered, 3 no answer, 5/8 in-band busy/congestion, else 0. */
export function originateReason(o: SimOriginateOutcome): number {
  if (o.answered) return 4;
  if (o.cause === 'no_answer') return 3;
  if (o.cause === 'busy' && o.indicated) return 5;
  if (o.cause === 'congestion' && o.indicated) return 8;
  return 0;
}

/**
 * The OriginateResponse event. On failure Asterisk names the REQUESTED `Tech/data` and the requested
 * ChannelId (or `<unknown>`), even when a channel was created and dialed (captures/ami-04-*).
 */
export function renderOriginateResponse(p: PendingOriginate, o: SimOriginateOutcome): RenderedEvent {
  const r = p.req;
  const where: Array<readonly [string, string]> = r.target.kind === 'exten'
    ? [['Context', r.target.context], ['Exten', r.target.exten]]
    : [['Application', r.target.application], ['Data', r.target.data]];
  return {
    name: 'OriginateResponse',
    klass: 'call',
    body: [
      ...(p.actionId ? [['ActionID', p.actionId] as const] : []),
      ['Response', o.answered ? 'Success' : 'Failure'],
      ['Channel', o.answered ? o.channel.name : r.channel],
      ...where,
      ['Reason', String(originateReason(o))],
      ['Uniqueid', o.answered ? o.channel.uniqueid : (r.channelId ?? '<unknown>')],
      ['CallerIDNum', r.callerIdNum ?? '<unknown>'],
      ['CallerIDName', r.callerIdName ?? '<unknown>'],
    ],
  };
}

export const handleOriginate: ActionHandler = async (s, req, ctx) => {
  const parsed = parseOriginate(req);
  if (typeof parsed === 'string') return s.error(req, parsed);
  const simReq: SimOriginateRequest = { ...parsed, ref: ctx.nextOriginateRef() };
  // The session holds events during an action, so an immediate failure's events follow our response.
  let settle: ((o: SimOriginateOutcome | undefined) => void) | undefined;
  const outcome = new Promise<SimOriginateOutcome | undefined>((resolve) => (settle = resolve));
  ctx.trackOriginate({ req: simReq, actionId: req.actionId, ...(simReq.async ? {} : { onResult: (o) => settle?.(o) }) });
  const accepted = ctx.world.originate(simReq);
  if (!accepted.ok) {
    ctx.untrackOriginate(simReq.ref);
    return s.error(req, 'Extension does not exist.');
  }
  if (simReq.async) return s.respond(responseHeaders('Success', req.actionId, { message: 'Originate successfully queued' }));
  const guard = setTimeout(() => settle?.(undefined), simReq.timeoutMs + SYNC_GRACE_MS);
  const result = await outcome;
  clearTimeout(guard);
  ctx.untrackOriginate(simReq.ref);
  if (result?.answered) s.respond(responseHeaders('Success', req.actionId, { message: 'Originate successfully queued' }));
  else s.error(req, 'Originate failed');
};
