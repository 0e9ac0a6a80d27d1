import { buildAgiEnvironment } from '../../../engine/src/simulator/agi/agi-env-builder';
import { SeededRandom } from '../../helpers/seeded-random';

/** Deterministic PRNG (mulberry32) so a failing fuzz case can be reproduced from its seed. */
export function prng(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

export interface FuzzCase {
  readonly kind: string;
  readonly bytes: Buffer;
  /** Half-close after writing (most cases); otherwise the server's own timeouts must close it. */
  readonly end: boolean;
}

const ENV = buildAgiEnvironment({
  request: 'agi://127.0.0.1:4573/inbound?did=4055550123',
  args: ['1.1'],
  channel: 'PJSIP/carrier-00000001',
  uniqueId: '1.1',
  callerId: '4055550100',
  context: 'engine-inbound',
  extension: '4055550123',
});

const RESPONSES = ['200 result=0\n', 'HANGUP\n', '510 Invalid or unknown command\n', '520-Invalid command syntax.  Proper usage follows:\n', '520 End of proper usage.\n', '200 result=1 (x\n', '511 Command Not Permitted on a dead channel or intercept routine\n'];

type Gen = (rnd: () => number) => Buffer;

const int = (rnd: () => number, lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
const randomBytes = (rnd: () => number, n: number): Buffer => Buffer.from(Array.from({ length: n }, () => int(rnd, 0, 255)));
const printable = (rnd: () => number, n: number): string => Array.from({ length: n }, () => String.fromCharCode(int(rnd, 32, 126))).join('');

const GENERATORS: Readonly<Record<string, Gen>> = {
  binary: (rnd) => randomBytes(rnd, int(rnd, 1, 3000)),
  text: (rnd) => Buffer.from(Array.from({ length: int(rnd, 1, 20) }, () => printable(rnd, int(rnd, 0, 80))).join(rnd() < 0.5 ? '\n' : '\r\n')),
  truncatedEnv: (rnd) => Buffer.from(ENV.slice(0, int(rnd, 0, ENV.length - 2))),
  mutatedEnv: (rnd) => {
    const b = Buffer.from(ENV);
    for (let i = int(rnd, 1, 8); i > 0; i--) b[int(rnd, 0, b.length - 1)] = int(rnd, 0, 255);
    return b;
  },
  envThenGarbage: (rnd) => Buffer.concat([Buffer.from(ENV), randomBytes(rnd, int(rnd, 1, 500))]),
  envThenResponses: (rnd) => Buffer.from(ENV + Array.from({ length: int(rnd, 1, 6) }, () => RESPONSES[int(rnd, 0, RESPONSES.length - 1)]).join('')),
  oversizeLine: (rnd) => Buffer.from(`agi_network: ${'A'.repeat(int(rnd, 8200, 40000))}`),
  oversizeEnv: (rnd) => Buffer.from(Array.from({ length: int(rnd, 65, 200) }, (_, i) => `agi_k${i}: v\n`).join('')),
  crlfEnvThenJunk: (rnd) => Buffer.from(ENV.replace(/\n/g, '\r\n') + printable(rnd, int(rnd, 1, 50))),
  nulBytes: (rnd) => Buffer.concat([Buffer.from(ENV.slice(0, int(rnd, 0, 200))), Buffer.alloc(int(rnd, 1, 100))]),
  empty: () => Buffer.alloc(0),
};

const KINDS = Object.keys(GENERATORS);

/** `count` cases with every kind represented; ~2% do not half-close (the env timeout must close them). */
export function fuzzCases(count: number, seed: number): FuzzCase[] {
  const rnd = prng(seed);
  return Array.from({ length: count }, (_, i) => {
    const kind = KINDS[i % KINDS.length] as string;
    return { kind, bytes: (GENERATORS[kind] as Gen)(rnd), end: rnd() >= 0.02 };
  });
}
