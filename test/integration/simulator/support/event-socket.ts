import { WebSocket } from 'ws';

type Frame = Record<string, unknown>;

/** A WebSocket client of `/ari/events` that keeps every frame and can wait for one. */
export class EventSocket {
  readonly frames: Frame[] = [];
  closeCode?: number;
  private waiters: Array<{ pred: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(frame)) return true;
        w.resolve(frame);
        return false;
      });
    });
    ws.on('close', (code) => (this.closeCode = code));
  }

  static open(port: number, query: string): Promise<EventSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ari/events?${query}`);
      const socket = new EventSocket(ws);
      ws.once('open', () => resolve(socket));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
  }

  /** Resolves with the first frame (already received or coming) matching `pred`. */
  waitFor(pred: (f: Frame) => boolean, timeoutMs = 5000, from = 0): Promise<Frame> {
    const seen = this.frames.slice(from).find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching ARI event within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ pred, resolve: (f) => { clearTimeout(timer); resolve(f); } });
    });
  }

  waitForType(type: string, id?: string, timeoutMs = 5000): Promise<Frame> {
    return this.waitFor((f) => f['type'] === type && (id === undefined || JSON.stringify(f).includes(`"${id}"`)), timeoutMs);
  }

  /** Resolves when the socket closes, with the close code (1006 = no close frame). */
  closed(timeoutMs = 5000): Promise<number> {
    if (this.closeCode !== undefined) return Promise.resolve(this.closeCode);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket did not close')), timeoutMs);
      this.ws.once('close', (code) => { clearTimeout(timer); resolve(code); });
    });
  }

  close(): void {
    this.ws.close();
  }
}
