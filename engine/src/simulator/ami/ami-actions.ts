/**
 * The simulator's AMI actions (besides Login/Challenge). Texts and header orders follow the
 * Asterisk 20.20.1 captures (ami-01, ami-02, ami-03b, ami-06).
 */
import { LIST_HANDLERS } from './ami-list-actions';
import { handleOriginate } from './ami-originate';
import { parseEventMask } from './ami-event-mask';
import type { AmiRequest } from './ami-request-reader';
import type { AmiServerContext } from './ami-server-context';
import type { AmiSession } from './ami-session';
import { amiTimestamp, responseHeaders, type WireHeaders } from './ami-wire';

export type ActionHandler = (session: AmiSession, req: AmiRequest, ctx: AmiServerContext) => void | Promise<void>;

const ok = (s: AmiSession, req: AmiRequest, message?: string, extra?: WireHeaders): void =>
  s.respond(responseHeaders('Success', req.actionId, { message, extra }));

function ping(s: AmiSession, req: AmiRequest, ctx: AmiServerContext): void {
  ok(s, req, undefined, [['Ping', 'Pong'], ['Timestamp', amiTimestamp(ctx.now())]]);
}

function logoff(s: AmiSession, req: AmiRequest): void {
  s.respond(responseHeaders('Goodbye', req.actionId, { message: 'Thanks for all the fish.' }));
  s.end();
}

function events(s: AmiSession, req: AmiRequest): void {
  const mask = parseEventMask(req.get('EventMask'));
  if (!mask) return s.error(req, 'Invalid event mask');
  s.mask = mask;
  ok(s, req, undefined, [['Events', mask.size > 0 ? 'On' : 'Off']]);
}

function getvar(s: AmiSession, req: AmiRequest, ctx: AmiServerContext): void {
  const name = req.get('Variable') ?? '';
  if (name === '') return s.error(req, 'No variable specified');
  const channel = req.get('Channel') || undefined;
  const got = ctx.world.getVar(channel, name);
  if (!got.found) return s.error(req, 'No such channel');
  ok(s, req, undefined, [['Variable', name], ['Value', got.value ?? '']]);
}

function setvar(s: AmiSession, req: AmiRequest, ctx: AmiServerContext): void {
  const name = req.get('Variable') ?? '';
  if (name === '') return s.error(req, 'No variable specified');
  if (!ctx.world.setVar(req.get('Channel') || undefined, name, req.get('Value') ?? '')) return s.error(req, 'No such channel');
  ok(s, req, 'Variable Set');
}

function hangup(s: AmiSession, req: AmiRequest, ctx: AmiServerContext): void {
  const channel = req.get('Channel') ?? '';
  if (channel === '') return s.error(req, 'No channel specified');
  const causeText = req.get('Cause');
  const cause = causeText && /^\d+$/.test(causeText) ? Number(causeText) : undefined;
  const regex = /^\/(.*)\/$/.exec(channel);
  if (!regex) {
    if (!ctx.world.hangup(channel, cause)) return s.error(req, 'No such channel');
    return ok(s, req, 'Channel Hungup');
  }
  let re: RegExp;
  try {
    re = new RegExp(regex[1]);
  } catch {
    return s.error(req, 'Invalid regex');
  }
  // The hangups' own events are held by the session until the list is written.
  {
    s.respond(responseHeaders('Success', req.actionId, { listStart: true, message: 'Channels hung up will follow' }));
    const names = ctx.world.channels().map((c) => c.name).filter((n) => re.test(n));
    const id = req.actionId;
    for (const name of names) {
      ctx.world.hangup(name, cause);
      s.respond([['Event', 'ChannelHungup'], ['Channel', name], ...(id ? [['ActionID', id] as const] : [])]);
    }
    s.respond([['Event', 'ChannelsHungupListComplete'], ...(id ? [['ActionID', id] as const] : []), ['EventList', 'Complete'], ['ListItems', String(names.length)]]);
  }
}

function userEvent(s: AmiSession, req: AmiRequest, ctx: AmiServerContext): void {
  if ((req.get('UserEvent') ?? '') === '') return s.error(req, 'Missing UserEvent');
  ok(s, req, 'Event Sent');
  // The broadcast repeats every request header except Action, ActionID included (captures/ami-01).
  const body = req.headers().filter(([name]) => name.toLowerCase() !== 'action');
  ctx.broadcast({ name: 'UserEvent', klass: 'user', body });
}

function command(s: AmiSession, req: AmiRequest, ctx: AmiServerContext): void {
  const cmd = (req.get('Command') ?? '').trim().replace(/\s+/g, ' ');
  const channels = ctx.world.channels();
  const known: Readonly<Record<string, () => string[]>> = {
    'core show version': () => [ctx.versionText],
    'core show uptime': () => [`System uptime: ${ctx.uptimeSec()} seconds`, `Last reload: ${ctx.uptimeSec()} seconds`],
    'core show channels count': () => [
      `${channels.length} active channel${channels.length === 1 ? '' : 's'}`,
      `${new Set(channels.map((c) => c.linkedid)).size} active calls`,
      `${channels.length} calls processed`,
    ],
  };
  const run = Object.hasOwn(known, cmd.toLowerCase()) ? known[cmd.toLowerCase()] : undefined;
  if (run) return s.respond(responseHeaders('Success', req.actionId, { message: 'Command output follows', extra: run().map((l) => ['Output', l] as const) }));
  // Asterisk suggests help for the words it could match; approximated as all but the last two words.
  const words = cmd.split(' ');
  const hint = words.slice(0, Math.max(1, words.length - 2)).join(' ');
  const line = `No such command '${cmd}' (type 'core show help ${hint}' for other possible commands)`;
  s.respond(responseHeaders('Error', req.actionId, { message: 'Command output follows', extra: [['Output', line]] }));
}

function pjsipRegistration(kind: 'register' | 'unregister'): ActionHandler {
  return (s, req, ctx) => {
    const name = req.get('Registration') ?? '';
    if (name === '') return s.error(req, 'Registration parameter missing.');
    const fn = kind === 'register' ? ctx.world.register : ctx.world.unregister;
    // Asterisk ends this error message with a stray newline (captures/ami-03b).
    if (!fn || !fn.call(ctx.world, name)) return s.error(req, 'Unable to retrieve registration entry\n');
    ok(s, req, kind === 'register' ? 'Reregistration sent' : 'Unregistration sent');
  };
}

/** Handlers by lower-case action name (AMI action names are case-insensitive). */
export const ACTION_HANDLERS: Readonly<Record<string, ActionHandler>> = {
  ping,
  logoff,
  events,
  getvar,
  setvar,
  hangup,
  userevent: userEvent,
  command,
  originate: handleOriginate,
  pjsipregister: pjsipRegistration('register'),
  pjsipunregister: pjsipRegistration('unregister'),
  ...LIST_HANDLERS,
};
