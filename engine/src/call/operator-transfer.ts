import type { CallEvent } from '../ports/call-event';
import type { TelephonyPort } from '../ports/telephony.port';
import type { Logger } from '../ports/logger.port';
import type { LineCapacityPort, LineLease, OperatorAgent, OperatorRosterPort } from '../ports/operator.port';
import type { Clock } from '../ports/clock.port';
import type { CallMedia } from '../flow/step-context';
import type { EventInbox } from './event-inbox';
import { HoldMusic } from './hold-music';

export interface OperatorLeg {
  readonly channelId: string;
  readonly agent: OperatorAgent;
  readonly bridgeId: string;
  readonly release: () => void;
}

export interface OperatorTransferDeps {
  readonly callId: string;
  readonly customerChannelId: string;
  readonly telephony: TelephonyPort;
  readonly inbox: EventInbox;
  readonly roster: OperatorRosterPort;
  readonly lines: LineCapacityPort;
  readonly media: CallMedia;
  readonly signal: AbortSignal;
  readonly log: Logger;
  readonly clock: Clock;
  /** Ring time per agent (OPERATOR_TIMEOUT). */
  readonly ringTimeoutSec: number;
  readonly callerId: string;
  readonly preferredLine?: string;
  /** The session learns of each leg so the leg's events reach it and finalize can tear it down. */
  readonly attachLeg: (channelId: string) => void;
  readonly detachLeg: (channelId: string) => void;
}

type LegEnd = 'entered' | 'ended';

/**
 * Bridges the customer to an operator. Hold music loops while agents are tried in turn; an agent
 * who fails or does not answer within the ring time is hung up and the next one tried; when the
 * customer goes, the ringing leg is hung up at once. Resolves with the connected leg or undefined.
 */
export async function transferToOperator(d: OperatorTransferDeps, agentType: 'inbound' | 'outbound', holdPrompt?: string): Promise<OperatorLeg | undefined> {
  const hold = new HoldMusic(d.media, holdPrompt, d.signal);
  await hold.start();
  let connected: OperatorLeg | undefined;
  try {
    const agents = await availableAgents(d, agentType);
    if (agents.length === 0) d.log.warn({ agentType }, 'no operator became available within the ring time');
    for (const [n, agent] of agents.entries()) {
      if (d.signal.aborted) return undefined;
      connected = await tryAgent(d, agent, n + 1, hold);
      if (connected) return connected;
    }
    return undefined;
  } finally {
    if (!connected) await hold.stop();
  }
}

/** Every agent may be on a call: the customer waits on hold for the first free one, up to the ring time. */
async function availableAgents(d: OperatorTransferDeps, agentType: 'inbound' | 'outbound'): Promise<readonly OperatorAgent[]> {
  const deadline = d.clock.now() + d.ringTimeoutSec * 1000;
  let agents = d.roster.candidates(agentType);
  while (agents.length === 0 && !d.signal.aborted && d.clock.now() < deadline) {
    await new Promise((r) => setTimeout(r, SLOT_POLL_MS));
    agents = d.roster.candidates(agentType);
  }
  return agents;
}

/** How often a waiting operator leg asks for a line slot again. */
const SLOT_POLL_MS = 200;

/**
 * A line slot for an operator leg. Lines may be full of calls; the leg then waits (the customer hears
 * hold music) with priority: new outbound attempts leave the next free slot to it. Bounded by the ring
 * time and by the customer hanging up.
 */
async function operatorSlot(d: OperatorTransferDeps): Promise<LineLease | undefined> {
  let lease = d.lines.acquire('operator', d.preferredLine);
  if (lease) return lease;
  const unhold = d.lines.hold?.(d.preferredLine);
  const deadline = d.clock.now() + d.ringTimeoutSec * 1000;
  try {
    while (!lease && !d.signal.aborted && d.clock.now() < deadline) {
      await new Promise((r) => setTimeout(r, SLOT_POLL_MS));
      lease = d.lines.acquire('operator', d.preferredLine);
    }
    return lease;
  } finally {
    unhold?.();
  }
}

async function tryAgent(d: OperatorTransferDeps, agent: OperatorAgent, n: number, hold: HoldMusic): Promise<OperatorLeg | undefined> {
  const lease: LineLease | undefined = await operatorSlot(d);
  if (!lease) {
    d.log.warn({ agent: agent.id }, 'no line had room for an operator leg within the ring time');
    return undefined;
  }
  const freeAgent = d.roster.occupy(agent.id);
  const release = (): void => {
    freeAgent();
    lease.release();
  };
  const legId = `${d.callId}-op${n}`;
  d.attachLeg(legId);
  const log = d.log.child({ operatorLeg: legId, agent: agent.id });
  const end = d.inbox
    .waitFor((e: CallEvent) => (e.type === 'call.entered' || e.type === 'call.ended') && e.channelId === legId, {
      timeoutMs: (d.ringTimeoutSec + 5) * 1000,
      signal: d.signal,
      what: 'the operator to answer',
    })
    .then((e): LegEnd => (e.type === 'call.entered' ? 'entered' : 'ended'));
  end.catch(() => undefined);
  let bridgeId: string | undefined;
  try {
    await d.telephony.originate({ channelId: legId, endpoint: agent.endpoint, callerId: d.callerId, timeoutSec: d.ringTimeoutSec, appArgs: ['operator', d.callId] });
    if ((await end) === 'ended') throw new Error('operator leg ended before answering');
    bridgeId = `${d.callId}-br${n}`;
    await d.telephony.createBridge({ bridgeId, type: 'mixing' });
    await hold.stop();
    await d.telephony.addToBridge(bridgeId, [d.customerChannelId, legId]);
    log.info('operator connected');
    return { channelId: legId, agent, bridgeId, release };
  } catch (err) {
    log.info({ err }, 'operator leg failed; trying the next agent');
    await Promise.all([dropLeg(d, legId, bridgeId, release), hold.start()]);
    return undefined;
  }
}

/** A failed try leaves nothing behind: leg hung up, its bridge destroyed, agent and line slot freed. */
async function dropLeg(d: OperatorTransferDeps, legId: string, bridgeId: string | undefined, release: () => void): Promise<void> {
  await d.telephony.hangup(legId).catch(() => false);
  // Asterisk keeps an ARI bridge until it is destroyed, also when joining it failed.
  if (bridgeId) await d.telephony.destroyBridge(bridgeId).catch(() => undefined);
  d.detachLeg(legId);
  release();
}
