import { performance } from 'node:perf_hooks';
import { EngineError } from '../../../errors';
import type { AmiFrame } from './ami-frame';

/** The collected answer of a list action: the response, its item events and the completion event. */
export interface AmiList {
  readonly response: AmiFrame;
  readonly items: readonly AmiFrame[];
  /** The `...Complete` event; absent when the PBX answered an empty list with an error message. */
  readonly complete?: AmiFrame;
}

/** How an action ended, for metrics: `ok` or the error code. */
export type AmiActionSettle = (action: string, seconds: number, outcome: string) => void;

interface PendingBase {
  readonly id: string;
  readonly action: string;
  readonly started: number;
  timer: NodeJS.Timeout | undefined;
  readonly reject: (err: EngineError) => void;
}

interface PendingSingle extends PendingBase {
  readonly kind: 'single';
  readonly resolve: (frame: AmiFrame) => void;
}

interface PendingList extends PendingBase {
  readonly kind: 'list';
  readonly resolve: (list: AmiList) => void;
  readonly emptyMessages: ReadonlySet<string>;
  response: AmiFrame | undefined;
  readonly items: AmiFrame[];
}

type Pending = PendingSingle | PendingList;

export interface ListOptions {
  /** `Response: Error` messages that mean "empty list" (e.g. `No Contacts found`), compared case-insensitively. */
  readonly emptyMessages?: readonly string[];
}

function requestFailed(action: string, frame: AmiFrame): EngineError {
  const message = (frame.get('Message') ?? '').trim();
  return new EngineError('CE_TELEPHONY_REQUEST_FAILED', `AMI ${action} failed: ${message || frame.response || 'error'}`, {
    details: { action, response: frame.response, message },
  });
}

/**
 * Actions in flight on one connection, keyed by our ActionID. Correlates responses and list item
 * events, enforces one deadline per action (a list's deadline covers every item up to the
 * completion event), and settles each action exactly once.
 */
export class AmiPendingActions {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly settle: AmiActionSettle) {}

  size(): number {
    return this.pending.size;
  }

  addSingle(id: string, action: string, timeoutMs: number, resolve: (f: AmiFrame) => void, reject: (e: EngineError) => void): void {
    this.arm({ kind: 'single', id, action, started: performance.now(), timer: undefined, resolve, reject }, timeoutMs);
  }

  addList(id: string, action: string, timeoutMs: number, opts: ListOptions, resolve: (l: AmiList) => void, reject: (e: EngineError) => void): void {
    const emptyMessages = new Set((opts.emptyMessages ?? []).map((m) => m.toLowerCase()));
    this.arm({ kind: 'list', id, action, started: performance.now(), timer: undefined, resolve, reject, emptyMessages, response: undefined, items: [] }, timeoutMs);
  }

  /** A response frame; returns false when no action waits for its ActionID. */
  onResponse(frame: AmiFrame): boolean {
    const id = frame.actionId;
    const p = id === undefined ? undefined : this.pending.get(id);
    if (!p || (p.kind === 'list' && p.response)) return false;
    const isError = (frame.response ?? '').toLowerCase() === 'error';
    if (p.kind === 'single') {
      if (isError) this.fail(p, requestFailed(p.action, frame));
      else this.finish(p, () => p.resolve(frame));
      return true;
    }
    this.onListResponse(p, frame, isError);
    return true;
  }

  /** An event carrying one of our ActionIDs: consumed when it belongs to a list in flight. */
  onEvent(frame: AmiFrame): boolean {
    const id = frame.actionId;
    const p = id === undefined ? undefined : this.pending.get(id);
    if (!p || p.kind !== 'list') return false;
    if ((frame.get('EventList') ?? '').toLowerCase() === 'complete') {
      const response = p.response ?? frame;
      this.finish(p, () => p.resolve({ response, items: p.items, complete: frame }));
    } else {
      p.items.push(frame);
    }
    return true;
  }

  /** Rejects everything in flight (connection closed). */
  rejectAll(err: EngineError): void {
    for (const p of [...this.pending.values()]) this.fail(p, err);
  }

  private onListResponse(p: PendingList, frame: AmiFrame, isError: boolean): void {
    if (isError) {
      const message = (frame.get('Message') ?? '').trim().toLowerCase();
      if (p.emptyMessages.has(message)) this.finish(p, () => p.resolve({ response: frame, items: [] }));
      else this.fail(p, requestFailed(p.action, frame));
      return;
    }
    if ((frame.get('EventList') ?? '').toLowerCase() !== 'start') {
      // A success without a list: nothing will follow.
      this.finish(p, () => p.resolve({ response: frame, items: [] }));
      return;
    }
    p.response = frame;
  }

  private arm(p: Pending, timeoutMs: number): void {
    p.timer = setTimeout(() => {
      this.fail(p, new EngineError('CE_TELEPHONY_TIMEOUT', `AMI ${p.action} got no complete answer within ${timeoutMs} ms`, { details: { action: p.action, timeoutMs } }));
    }, timeoutMs);
    p.timer.unref();
    this.pending.set(p.id, p);
  }

  private finish(p: Pending, deliver: () => void): void {
    if (!this.release(p)) return;
    this.settle(p.action, (performance.now() - p.started) / 1000, 'ok');
    deliver();
  }

  private fail(p: Pending, err: EngineError): void {
    if (!this.release(p)) return;
    this.settle(p.action, (performance.now() - p.started) / 1000, err.code);
    p.reject(err);
  }

  private release(p: Pending): boolean {
    if (this.pending.get(p.id) !== p) return false;
    this.pending.delete(p.id);
    if (p.timer) clearTimeout(p.timer);
    return true;
  }
}
