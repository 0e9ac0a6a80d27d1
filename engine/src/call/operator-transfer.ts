import type { CallEvent } from '../ports/call-event';
import type { TelephonyPort } from '../ports/telephony.port';
import type { Logger } from '../ports/logger.port';
import type { LineCapacityPort, LineLease, OperatorAgent, OperatorRosterPort } from '../ports/operator.port';
import type { CallMedia, PlaybackHandle } from '../flow/step-context';
import type { EventInbox } from './event-inbox';

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
  const hold: PlaybackHandle | undefined = holdPrompt ? await d.media.start(holdPrompt, { loop: true }).catch(() => undefined) : undefined;
  let connected: OperatorLeg | undefined;
  try {
    const agents = d.roster.candidates(agentType);
    if (agents.length === 0) d.log.warn({ agentType }, 'no operator available');
    for (const [n, agent] of agents.entries()) {
      if (d.signal.aborted) return undefined;
      connected = await tryAgent(d, agent, n + 1, hold);
      if (connected) return connected;
    }
    return undefined;
  } finally {
    if (!connected) await hold?.stop();
  }
}

async function tryAgent(d: OperatorTransferDeps, agent: OperatorAgent, n: number, hold: PlaybackHandle | undefined): Promise<OperatorLeg | undefined> {
  const lease: LineLease | undefined = d.lines.acquire('operator', d.preferredLine);
  if (!lease) {
    d.log.warn({ agent: agent.id }, 'no line has room for an operator leg');
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
  try {
    await d.telephony.originate({ channelId: legId, endpoint: agent.endpoint, callerId: d.callerId, timeoutSec: d.ringTimeoutSec, appArgs: ['operator', d.callId] });
    if ((await end) === 'ended') throw new Error('operator leg ended before answering');
    const bridgeId = `${d.callId}-br${n}`;
    await d.telephony.createBridge({ bridgeId, type: 'mixing' });
    await hold?.stop();
    await d.telephony.addToBridge(bridgeId, [d.customerChannelId, legId]);
    log.info('operator connected');
    return { channelId: legId, agent, bridgeId, release };
  } catch (err) {
    log.info({ err }, 'operator leg failed; trying the next agent');
    await d.telephony.hangup(legId).catch(() => false);
    d.detachLeg(legId);
    release();
    return undefined;
  }
}
