import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { SAMPLE_RATE, encodeAlaw, encodeSln, encodeUlaw, encodeWav, readWavInfo, wavSamples } from './wav-audio';
import type { StoredRecordingSnapshot } from './world-model';

/** Formats the simulator can write (`ast_get_format_for_file_ext`); others are 422 "unknown". */
export const RECORDING_FORMATS = ['wav', 'sln', 'ulaw', 'alaw'] as const;
export type RecordingFormat = (typeof RECORDING_FORMATS)[number];

export function isRecordingFormat(format: string): format is RecordingFormat {
  return (RECORDING_FORMATS as readonly string[]).includes(format);
}

/** A name Asterisk accepts: relative, no `..` segments, no empty segments. */
export function isValidRecordingName(name: string): boolean {
  if (name === '' || name.startsWith('/') || name.endsWith('/')) return false;
  return name.split('/').every((part) => part !== '' && part !== '..' && part !== '.');
}

const BYTES_PER_SECOND: Readonly<Record<RecordingFormat, number>> = { wav: SAMPLE_RATE * 2, sln: SAMPLE_RATE * 2, ulaw: SAMPLE_RATE, alaw: SAMPLE_RATE };

/**
 * Stored recordings as files `<dir>/<name>.<format>` (Asterisk's `<spool>/recording`), so they
 * survive a simulated restart and `GET /recordings/stored/{name}/file` serves the real bytes.
 */
export class RecordingStore {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  pathOf(name: string, format: RecordingFormat): string {
    return join(this.dir, `${name}.${format}`);
  }

  /** The stored recording called `name`, whatever its format. */
  find(name: string): StoredRecordingSnapshot | undefined {
    if (!isValidRecordingName(name)) return undefined;
    const format = RECORDING_FORMATS.find((f) => existsSync(this.pathOf(name, f)));
    return format ? { name, format } : undefined;
  }

  list(): StoredRecordingSnapshot[] {
    return this.walk(this.dir)
      .map((file) => relative(this.dir, file).split(sep).join('/'))
      .map((rel) => /^(.*)\.([a-z0-9]+)$/.exec(rel))
      .filter((m): m is RegExpExecArray => m !== null && isRecordingFormat(m[2] ?? ''))
      .map((m) => ({ name: m[1] ?? '', format: m[2] ?? '' }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  read(name: string): { readonly data: Buffer; readonly format: RecordingFormat } | undefined {
    const found = this.find(name);
    if (!found) return undefined;
    const format = found.format as RecordingFormat;
    return { data: readFileSync(this.pathOf(name, format)), format };
  }

  /** Length in seconds of a stored recording (for `recording:` playback). */
  durationSec(name: string): number | undefined {
    const stored = this.read(name);
    if (!stored) return undefined;
    if (stored.format === 'wav') return readWavInfo(stored.data)?.durationSec;
    return stored.data.length / BYTES_PER_SECOND[stored.format];
  }

  /** Writes (or appends to) `<name>.<format>`; returns the file path. */
  write(name: string, format: RecordingFormat, samples: Int16Array, append = false): string {
    const path = this.pathOf(name, format);
    mkdirSync(dirname(path), { recursive: true });
    const all = append && existsSync(path) ? concat(this.samplesOf(path, format), samples) : samples;
    writeFileSync(path, encode(format, all));
    return path;
  }

  delete(name: string): boolean {
    const found = this.find(name);
    if (!found) return false;
    unlinkSync(this.pathOf(name, found.format as RecordingFormat));
    return true;
  }

  private samplesOf(path: string, format: RecordingFormat): Int16Array {
    const data = readFileSync(path);
    if (format === 'wav') return wavSamples(data);
    if (format === 'sln') return new Int16Array(data.buffer.slice(data.byteOffset, data.byteOffset + (data.length & ~1)));
    return new Int16Array(0);
  }

  private walk(dir: string): string[] {
    if (!existsSync(dir)) return [];
    return readdirSync(dir).flatMap((entry) => {
      const full = join(dir, entry);
      return statSync(full).isDirectory() ? this.walk(full) : [full];
    });
  }
}

function encode(format: RecordingFormat, samples: Int16Array): Buffer {
  if (format === 'wav') return encodeWav(samples);
  if (format === 'sln') return encodeSln(samples);
  return format === 'ulaw' ? encodeUlaw(samples) : encodeAlaw(samples);
}

function concat(a: Int16Array, b: Int16Array): Int16Array {
  const out = new Int16Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
