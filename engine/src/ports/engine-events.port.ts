/**
 * Engine-wide domain events between parts that must not know each other (a quota error in the
 * STT plugin pauses the dialer; a pause sends an SMS). Past-tense names. Delivery is synchronous
 * and in order; a listener that throws is logged and does not stop the others.
 */
export type EngineEvent =
  | { readonly type: 'quota.exhausted'; readonly provider: string; readonly result: `failed:${string}`; readonly detail?: string }
  | { readonly type: 'dialer.paused'; readonly reason: string; readonly by: string; readonly campaignId?: string }
  | { readonly type: 'dialer.resumed'; readonly reason: string; readonly by: string; readonly campaignId?: string }
  | { readonly type: 'trunk.registration.changed'; readonly trunk: string; readonly registered: boolean }
  | { readonly type: 'asterisk.connection.changed'; readonly link: 'ami' | 'ari'; readonly connected: boolean }
  | { readonly type: 'call.result.recorded'; readonly callId: string; readonly attemptId?: string; readonly result: string; readonly phone?: string };

export type EngineEventType = EngineEvent['type'];
export type EngineEventOf<T extends EngineEventType> = Extract<EngineEvent, { type: T }>;

export interface EngineEventsPort {
  emit(event: EngineEvent): void;
  /** Returns an unsubscribe function. */
  on<T extends EngineEventType>(type: T, listener: (event: EngineEventOf<T>) => void): () => void;
}
