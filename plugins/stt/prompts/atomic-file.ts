import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Hex sha256 of some bytes: the identity of a prompt file in every manifest. */
export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The bytes of a file, or undefined when it does not exist. Other errors (EACCES, EISDIR) propagate. */
export async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function tmpPathFor(path: string): string {
  // Hidden and in the same directory, so rename() stays on one filesystem and Asterisk never
  // sees a half-written `<name>.wav` (it would play it as a truncated prompt).
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

async function writeTmp(path: string, bytes: Buffer, mode: number): Promise<string> {
  await fs.mkdir(dirname(path), { recursive: true, mode: 0o755 });
  const tmp = tmpPathFor(path);
  const handle = await fs.open(tmp, 'wx', mode);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  // The umask may have narrowed the mode; Asterisk (another user) must be able to read prompts.
  await fs.chmod(tmp, mode);
  return tmp;
}

/** Replaces (or creates) `path` atomically: write a temp file beside it, fsync, rename over. */
export async function atomicWrite(path: string, bytes: Buffer, mode = 0o644): Promise<void> {
  const tmp = await writeTmp(path, bytes, mode);
  try {
    await fs.rename(tmp, path);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Creates `path` atomically and only if nothing is there yet: the temp file is hard-linked to the
 * final name, which fails with EEXIST if another program created the file since we looked. That
 * closes the window in which a check-then-rename could overwrite somebody else's new file.
 * Resolves false when the name was taken meanwhile. Filesystems without hard links fall back to
 * an existence check plus rename.
 */
export async function writeExclusive(path: string, bytes: Buffer, mode = 0o644): Promise<boolean> {
  const tmp = await writeTmp(path, bytes, mode);
  try {
    await fs.link(tmp, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw err;
    if ((await readIfExists(path)) !== undefined) return false;
    await fs.rename(tmp, path);
    return true;
  } finally {
    await fs.rm(tmp, { force: true });
  }
}
