import { describe, expect, it } from 'vitest';
import { loginFor, safeNext } from './next.ts';

describe('safeNext: only paths of this site after login', () => {
  it('keeps a path with its query', () => {
    expect(safeNext('/tickets/3f0c1b9e-0000-4000-8000-000000000000')).toBe('/tickets/3f0c1b9e-0000-4000-8000-000000000000');
    expect(safeNext('/tickets?status=handling&page=2')).toBe('/tickets?status=handling&page=2');
  });

  it('refuses anything that leaves the site', () => {
    for (const bad of ['https://evil.example/', 'http:/evil.example', '//evil.example/x', '/\\evil.example', '/\t/evil.example', 'javascript:alert(1)', 'evil.example', ' /tickets', '', null, undefined, `/${'a'.repeat(2001)}`]) {
      expect(safeNext(bad), String(bad)).toBeNull();
    }
  });

  it('does not loop back to the login page or send staff to the portal', () => {
    expect(safeNext('/login?next=/x')).toBeNull();
    expect(safeNext('/portal')).toBeNull();
  });

  it('builds the login address', () => {
    expect(loginFor('/tickets/abc?x=1')).toBe('/login?next=%2Ftickets%2Fabc%3Fx%3D1');
    expect(loginFor('/')).toBe('/login');
    expect(loginFor('//evil.example')).toBe('/login');
  });
});
