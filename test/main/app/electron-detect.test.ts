// Electron detection must never require('electron') (that starts a download) and must say why.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectElectron } from '../../../src/main/app/electron-detect';

function fakeRoot(withBinary: boolean, withPackage = true): string {
  const root = mkdtempSync(join(tmpdir(), 'tb-electron-'));
  if (!withPackage) return root;
  const pkg = join(root, 'node_modules', 'electron');
  mkdirSync(join(pkg, 'dist'), { recursive: true });
  writeFileSync(join(pkg, 'package.json'), '{"name":"electron"}');
  if (withBinary) {
    writeFileSync(join(pkg, 'path.txt'), 'electron');
    writeFileSync(join(pkg, 'dist', 'electron'), '');
  }
  return root;
}

describe('detectElectron', () => {
  it('says the package is missing', () => {
    expect(detectElectron(fakeRoot(false, false), {}).reason).toContain('not installed');
  });
  it('says the binary was not downloaded', () => {
    const status = detectElectron(fakeRoot(false), { DISPLAY: ':0' }, 'linux');
    expect(status.available).toBe(false);
    expect(status.reason).toContain('not downloaded');
  });
  it('needs a display on Linux', () => {
    const status = detectElectron(fakeRoot(true), {}, 'linux');
    expect(status.available).toBe(false);
    expect(status.reason).toContain('no display');
    expect(detectElectron(fakeRoot(true), { DISPLAY: ':0' }, 'linux').available).toBe(true);
  });
  it('reads this checkout without starting a download', () => {
    const status = detectElectron(process.cwd(), {}, 'linux');
    expect(status.available).toBe(false);
    expect(typeof status.reason).toBe('string');
  });
});
