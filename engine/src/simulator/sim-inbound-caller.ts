import { EngineError } from '../errors';
import type { Logger } from '../ports/logger.port';
import { parseAgiArgs } from './agi/agi-arg-parser';
import { SimulatedAgiCall, type AgiCallReport } from './agi/fastagi-client';
import type { CustomerScript } from './core/customer-script';
import type { SimWorld } from './core/sim-world';

/** Where the dialplan's `AGI(agi://host:port/inbound?...)` points: the engine's FastAGI server. */
export interface AgiTarget {
  readonly host: string;
  readonly port: number;
}

export interface InboundCallSpec {
  /** The caller's number (CALLERID(num)). */
  readonly from: string;
  readonly fromName?: string;
  /** The dialled number (DID): the extension in `salehi-inbound`. */
  readonly did: string;
  /** What the caller does once answered (talks, hangs up after n seconds, ...). Default: the directory's script for `from`. */
  readonly behaviour?: CustomerScript;
  /** Trunk the call arrives on; default the simulator's first trunk. */
  readonly trunk?: string;
  readonly channelId?: string;
  /** Overrides the simulator's FastAGI target for this call. */
  readonly agi?: AgiTarget;
}

/** What the dialplan did after the AGI: Stasis, one of the hangup branches, or nothing (the caller was gone). */
export type InboundDialplanRoute = 'stasis' | 'busy' | 'reject' | 'closed' | 'fallback' | 'caller-hung-up';

export interface InboundCallOutcome {
  readonly channelId: string;
  readonly channelName: string;
  /** The FastAGI session as Asterisk saw it (AGISTATUS, variables, commands, wire transcript). */
  readonly agi: AgiCallReport;
  readonly route: InboundDialplanRoute;
  /** `Stasis(<app>,inbound,<call id>,<scenario>,<line>)` arguments when the call entered Stasis. */
  readonly stasisArgs?: readonly string[];
  /** The Q.850 cause the dialplan hung up with (busy 17, reject 21, closed 16, fallback 34). */
  readonly hangupCause?: number;
}

export const INBOUND_CONTEXT = 'salehi-inbound';

/** The hangup branches of dialplan/salehi-inbound.conf: whether they answer first, what they play, the cause. */
const BRANCHES: Readonly<Record<'busy' | 'reject' | 'closed' | 'fallback', { answer?: string; cause: number }>> = {
  reject: { cause: 21 },
  busy: { cause: 17 },
  closed: { answer: 'custom/salehi-closed', cause: 16 },
  fallback: { answer: 'ss-noservice', cause: 34 },
};

/** How long the branch prompts play (simulated ms) before the dialplan hangs up. */
const BRANCH_PROMPT_MS = 2_000;

export interface SimInboundCallerDeps {
  readonly world: SimWorld;
  /** The Stasis app of the dialplan (`asterisk.ari.app`). */
  readonly app: () => string;
  readonly agiTarget: () => AgiTarget;
  readonly log: Logger;
}

/**
 * A caller dialling one of our DIDs, with the PBX running `dialplan/salehi-inbound.conf`: a new
 * inbound channel in `salehi-inbound`, `Set(AGISIGHUP=yes)`, the FastAGI session to the engine with
 * Asterisk's exact environment block (the SET VARIABLEs it answers are mirrored onto the channel, so
 * ARI and AMI see the VarSets), then the dialplan reads SALEHI_ROUTE: `stasis` enters
 * `Stasis(app,inbound,SALEHI_CALL_ID,SALEHI_SCENARIO,SALEHI_LINE)`; busy/reject/closed hang up with
 * 17/21/16; an AGI failure or an inactive app goes to `fallback` (34).
 */
export class SimInboundCaller {
  private readonly live = new Set<SimulatedAgiCall>();

  constructor(private readonly d: SimInboundCallerDeps) {}

  /** Resolves once the dialplan has decided: the call is in Stasis, or it was hung up. */
  async place(spec: InboundCallSpec): Promise<InboundCallOutcome> {
    const { world } = this.d;
    if (spec.behaviour) world.directory.set(spec.from, spec.behaviour);
    const started = world.inbound.start({ from: spec.from, did: spec.did, context: INBOUND_CONTEXT, ...optional(spec) });
    if (!started.ok) throw new EngineError('CE_SIM_INBOUND_FAILED', `simulated inbound call from ${spec.from} to ${spec.did} refused: ${started.rejection.kind}`);
    const channel = started.value;
    const target = spec.agi ?? this.d.agiTarget();
    const url = `agi://${target.host}:${target.port}/inbound?did=${spec.did}`;
    world.inbound.dialplanStep(channel.id, 'NoOp', `Salehi inbound: DID ${spec.did} from ${spec.from}`, 1);
    world.inbound.dialplanStep(channel.id, 'Set', 'AGISIGHUP=yes', 2);
    world.inbound.setVariable(channel.id, 'AGISIGHUP', 'yes');
    world.inbound.dialplanStep(channel.id, 'AGI', url, 3);
    const agi = await this.runAgi(channel.id, channel.name, spec, target, url);
    const base = { channelId: channel.id, channelName: channel.name, agi };
    if (!world.channels.get(channel.id)) return { ...base, route: 'caller-hung-up' };
    world.inbound.setVariable(channel.id, 'AGISTATUS', agi.agiStatus);
    if (agi.hungUp) {
      world.channels.hangup(channel.id, 16, 'api');
      return { ...base, route: 'caller-hung-up' };
    }
    const next = this.continueDialplan(channel.id, agi);
    this.d.log.debug({ channelId: channel.id, agiStatus: agi.agiStatus, route: next.route }, 'simulated inbound call routed');
    return { ...base, ...next };
  }

  /** A crash: every AGI session in progress sees its channel hang up. */
  hangUpAll(): void {
    for (const call of this.live) call.hangup();
  }

  private async runAgi(channelId: string, name: string, spec: InboundCallSpec, target: AgiTarget, request: string): Promise<AgiCallReport> {
    const { world } = this.d;
    const call = new SimulatedAgiCall({
      host: target.host,
      port: target.port,
      env: {
        request, channel: name, uniqueId: channelId, callerId: spec.from, ...(spec.fromName ? { callerIdName: spec.fromName } : {}),
        dnid: spec.did, context: INBOUND_CONTEXT, extension: spec.did, priority: 3,
      },
      script: { variables: { AGISIGHUP: 'yes' }, state: 'ring' },
      onCommand: (line) => this.mirror(channelId, line),
    });
    // The caller hanging up mid-vetting: Asterisk writes HANGUP to the AGI socket.
    const stop = world.on((ev) => {
      if (ev.type === 'channel.destroyed' && ev.channel.id === channelId) call.hangup();
    });
    this.live.add(call);
    try {
      return await call.start();
    } finally {
      stop();
      this.live.delete(call);
    }
  }

  /** What the engine's commands do to the real channel (the AGI client keeps its own copy). */
  private mirror(channelId: string, line: string): void {
    const argv = parseAgiArgs(line);
    const words = argv.map((w) => w.toLowerCase());
    if (words[0] === 'set' && words[1] === 'variable' && argv.length === 4) this.d.world.inbound.setVariable(channelId, argv[2] as string, argv[3] as string);
    else if (words[0] === 'answer' && argv.length === 1) this.d.world.inbound.answer(channelId);
  }

  /** The dialplan after `AGI()` returned (priorities 4.. of `salehi-inbound`). */
  private continueDialplan(channelId: string, agi: AgiCallReport): Pick<InboundCallOutcome, 'route' | 'stasisArgs' | 'hangupCause'> {
    const { world } = this.d;
    world.inbound.dialplanStep(channelId, 'GotoIf', `$["${agi.agiStatus}" != "SUCCESS"]?fallback,1`, 4);
    if (agi.agiStatus !== 'SUCCESS') return this.branch(channelId, 'fallback');
    const redirect = redirectOf(agi);
    if (redirect) return this.branch(channelId, redirect);
    const route = agi.variables['SALEHI_ROUTE'] ?? '';
    world.inbound.dialplanStep(channelId, 'GotoIf', `$["${route}" = "stasis"]?stasis`, 5);
    if (route === 'busy' || route === 'closed') return this.branch(channelId, route);
    if (route !== 'stasis') return this.branch(channelId, 'reject');
    const args = ['inbound', agi.variables['SALEHI_CALL_ID'] ?? '', agi.variables['SALEHI_SCENARIO'] ?? '', agi.variables['SALEHI_LINE'] ?? ''];
    const live = world.channels.find(channelId);
    if (live) live.dialplan = { ...live.dialplan, priority: 9 };
    const entered = world.inbound.enterStasis(channelId, this.d.app(), args);
    if (!entered.ok || !entered.value) return this.branch(channelId, 'fallback');
    return { route: 'stasis', stasisArgs: args };
  }

  /** `Goto(<branch>,1)`: answer and play when the branch does, then `Hangup(<cause>)`. */
  private branch(channelId: string, name: keyof typeof BRANCHES): Pick<InboundCallOutcome, 'route' | 'hangupCause'> {
    const { world } = this.d;
    const spec = BRANCHES[name];
    const live = world.channels.find(channelId);
    if (live) live.dialplan = { ...live.dialplan, exten: name, priority: 1 };
    const hangup = (priority: number): void => {
      world.inbound.dialplanStep(channelId, 'Hangup', String(spec.cause), priority);
      world.channels.hangup(channelId, spec.cause, 'dialplan');
    };
    if (!spec.answer) {
      hangup(1);
      return { route: name, hangupCause: spec.cause };
    }
    world.inbound.dialplanStep(channelId, 'Answer', '', 1);
    world.inbound.answer(channelId);
    world.inbound.dialplanStep(channelId, 'Playback', spec.answer, 2);
    const timer = world.clock.after(BRANCH_PROMPT_MS, () => hangup(3));
    live?.track(timer);
    return { route: name, hangupCause: spec.cause };
  }
}

function optional(spec: InboundCallSpec): { fromName?: string; trunk?: string; channelId?: string } {
  return {
    ...(spec.fromName ? { fromName: spec.fromName } : {}),
    ...(spec.trunk ? { trunk: spec.trunk } : {}),
    ...(spec.channelId ? { channelId: spec.channelId } : {}),
  };
}

/** `SET CONTEXT salehi-inbound` / `SET EXTENSION busy` / `SET PRIORITY 1` from the engine: a direct jump to a branch. */
function redirectOf(agi: AgiCallReport): keyof typeof BRANCHES | undefined {
  const { context, extension, priority } = agi.location;
  if (context !== INBOUND_CONTEXT || String(priority) !== '1') return undefined;
  return extension === 'busy' || extension === 'reject' || extension === 'closed' || extension === 'fallback' ? extension : undefined;
}
