import { gzipSync } from 'node:zlib';

/**
 * Writes a gzipped POSIX ustar archive, the format of GitHub's
 * `GET /repos/{owner}/{repo}/tarball/{ref}`.
 */

const BLOCK = 512;

function field(block: Buffer, offset: number, length: number, value: string) {
  block.write(value, offset, length, 'utf8');
}

function octal(value: number, length: number): string {
  return `${value.toString(8).padStart(length - 1, '0')}\0`;
}

/** Splits a path into ustar `prefix` and `name` (155 and 100 bytes). */
function splitPath(path: string): { prefix: string; name: string } {
  if (Buffer.byteLength(path) <= 100) {
    return { prefix: '', name: path };
  }
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) {
      return { prefix, name };
    }
  }
  throw new Error(`path too long for a ustar archive: ${path}`);
}

function header(path: string, size: number, mtime: Date, type: '0' | '5') {
  const block = Buffer.alloc(BLOCK, 0);
  const { prefix, name } = splitPath(path);
  field(block, 0, 100, name);
  field(block, 100, 8, octal(type === '5' ? 0o755 : 0o644, 8));
  field(block, 108, 8, octal(0, 8));
  field(block, 116, 8, octal(0, 8));
  field(block, 124, 12, octal(size, 12));
  field(block, 136, 12, octal(Math.floor(mtime.getTime() / 1000), 12));
  field(block, 148, 8, '        ');
  field(block, 156, 1, type);
  field(block, 257, 6, 'ustar\0');
  field(block, 263, 2, '00');
  field(block, 345, 155, prefix);
  let sum = 0;
  for (const byte of block) {
    sum += byte;
  }
  field(block, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

/** The archive of `files` under one top folder, gzipped. */
export function tarball(
  topFolder: string,
  files: Record<string, string>,
  mtime: Date,
): Buffer {
  const parts: Buffer[] = [header(`${topFolder}/`, 0, mtime, '5')];
  for (const [path, content] of Object.entries(files).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const data = Buffer.from(content, 'utf8');
    parts.push(header(`${topFolder}/${path}`, data.length, mtime, '0'));
    parts.push(data);
    const padding = (BLOCK - (data.length % BLOCK)) % BLOCK;
    parts.push(Buffer.alloc(padding, 0));
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0));
  return gzipSync(Buffer.concat(parts));
}
