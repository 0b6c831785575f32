// The entry page's security posture: a strict CSP, no inline script or style, and the bridge script before
// the app bundle (a missing bridge, as in Electron, must not matter).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const html = readFileSync(path.join(import.meta.dirname, '../../renderer/index.html'), 'utf8');
const doc = new DOMParser().parseFromString(html, 'text/html');

function csp(): Map<string, string[]> {
  const content = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '';
  return new Map(
    content
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('renderer/index.html', () => {
  it("has a CSP with default-src 'self' and nothing inline or eval'd", () => {
    const policy = csp();
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(html).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes/);
  });

  it('has no inline scripts, style elements or style attributes', () => {
    for (const s of doc.querySelectorAll('script')) {
      expect(s.getAttribute('src')).toBeTruthy();
      expect(s.textContent?.trim()).toBe('');
    }
    expect(doc.querySelectorAll('style')).toHaveLength(0);
    expect(doc.querySelectorAll('[style]')).toHaveLength(0);
    expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers
  });

  it('loads only the module bundle (the browser host adds its bridge; Electron needs none)', () => {
    const scripts = [...doc.querySelectorAll('script')];
    expect(scripts.map((s) => [s.getAttribute('src'), s.getAttribute('type')])).toEqual([['./src/main.tsx', 'module']]);
  });
});
