import { connect } from 'node:net';

/**
 * Sends raw request bytes and returns everything the server writes until it closes the
 * connection, or until it stays quiet for `idleMs` (an upgrade, a keep-alive answer).
 */
export function rawExchange(port: number, request: Buffer | string, idleMs = 300): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      if (timer) clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks));
    };
    const arm = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(finish, idleMs);
    };
    socket.on('connect', () => {
      socket.write(request);
      arm();
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      arm();
    });
    socket.on('end', finish);
    socket.on('error', (err) => {
      if (timer) clearTimeout(timer);
      reject(err);
    });
  });
}
