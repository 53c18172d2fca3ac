import { describe, expect, it } from 'vitest';
import { markHue, monogram } from '../../src/features/connections/provider-mark';

describe('the provider mark', () => {
  it('takes two initials from two words or two capitals, else one letter', () => {
    expect(monogram('Local OIDC')).toBe('LO');
    expect(monogram('CloudConvert')).toBe('CC');
    expect(monogram('WhatConverts')).toBe('WC');
    expect(monogram('Sandbox')).toBe('S');
    expect(monogram('acme')).toBe('A');
  });

  it('gives a provider the same hue every time', () => {
    expect(markHue('cloudconvert')).toBe(markHue('cloudconvert'));
  });
});
