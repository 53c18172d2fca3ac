import { describe, expect, it } from 'vitest';
import { resolveProviders } from '../../../src/config/resolve';
import { validateConfig } from '../../../src/config/validate';
import { cloudconvert, type CloudConvertMe } from '../../../src/providers/cloudconvert';
import { convert, type ConvertGrant } from '../../../src/providers/convert';
import type { ConnectionAnswer } from '../../../src/providers/types';
import { videoask, type VideoAskOrganizations } from '../../../src/providers/videoask';
import { whatconverts } from '../../../src/providers/whatconverts';

/** What the identity probe keeps from a typed answer, as the connection would store it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry reads its own shape
const answer = (details: object, grant?: unknown): ConnectionAnswer<any, any> => ({
  details,
  grant,
});

describe("each catalog entry's facts, from a typed identity answer", () => {
  it('CloudConvert: username and credits from /v2/users/me', () => {
    const me: CloudConvertMe = { data: { id: 7, username: 'demo-user', credits: 1250 } };
    const details = cloudconvert.identity.details!(me)!;
    expect(details).toEqual({ username: 'demo-user', credits: 1250 });
    expect(cloudconvert.facts(answer(details))).toEqual([
      {
        title: 'Account details',
        kind: 'terms',
        facts: [
          { label: 'Username', value: 'demo-user' },
          { label: 'Credits', value: '1,250' },
        ],
      },
    ]);
    // A stored record from another version, with the wrong types: nothing made up.
    expect(cloudconvert.facts(answer({ credits: '5' }))).toEqual([]);
  });

  it('WhatConverts: the key type and daily limit, from the status /accounts answered', () => {
    const accounts = whatconverts.identity.more![0]!;
    expect(accounts.details(undefined, 403)).toEqual({ keyType: 'profile', dailyLimit: 1_000 });
    expect(whatconverts.facts(answer(accounts.details(undefined, 200)!))).toEqual([
      {
        title: 'Account details',
        kind: 'terms',
        facts: [
          { label: 'Key type', value: 'Master account key' },
          { label: 'Daily limit', value: '10,000 requests a day, reset at midnight UTC' },
        ],
      },
    ]);
    expect(whatconverts.identity.displayName({ leads: [{ profile: 'Main site' }] })).toBe(
      'Main site',
    );
  });

  it('VideoAsk: the organizations, and which one is sent as organization-id', () => {
    const body: VideoAskOrganizations = {
      results: [
        { organization_id: 'org-1', name: 'Demo Org', role: 'owner' },
        { organization_id: 'org-2', name: 'Side Org' },
      ],
    };
    const details = videoask.identity.more![0]!.details(body, 200);
    expect(details).toMatchObject({ organizationId: 'org-1' });
    expect(videoask.facts(answer(details!))).toEqual([
      {
        title: 'Organizations',
        kind: 'list',
        facts: [
          { label: 'Demo Org', value: 'org-1', note: '(owner) — sent as organization-id' },
          { label: 'Side Org', value: 'org-2', note: '' },
        ],
      },
    ]);
    expect(videoask.identity.more![0]!.details(body, 403)).toBeUndefined();
  });

  it('Convert: each granted account, then its projects, from the grant', () => {
    const grant: ConvertGrant = {
      mode: 'selected',
      accounts: [
        {
          account_id: 100001,
          name: 'Demo Agency',
          projects: [{ project_id: 2001, name: 'Demo Shop' }, { project_id: 2002 }],
        },
      ],
    };
    expect(convert.facts(answer({}, grant))).toEqual([
      {
        title: 'Granted accounts and projects',
        kind: 'list',
        facts: [
          { label: 'Demo Agency', value: '100001' },
          { label: 'Demo Shop', value: '2001', note: 'project of Demo Agency' },
          { label: 'Project', value: '2002', note: 'project of Demo Agency' },
        ],
      },
    ]);
    expect(convert.facts(answer({}, undefined))).toEqual([]);
    const path = convert.identity.path;
    expect(typeof path === 'function' ? path(grant) : path).toBe('/accounts/100001');
  });

  it('a resolved provider carries its entry’s facts; a custom one has none', () => {
    const providers = resolveProviders(
      validateConfig({
        providers: { acme: { issuer: 'https://acme.test', clientId: 'x' } },
      }),
    );
    expect(providers.find((p) => p.id === 'videoask')?.facts).toBe(videoask.facts);
    expect(providers.find((p) => p.id === 'acme')?.facts).toBeUndefined();
  });

  it('the sandbox hosts and the opt-in OAuth are catalog data', () => {
    const providers = resolveProviders(
      validateConfig({
        providers: {
          cloudconvert: { clientId: 'cc', sandbox: true },
          whatconverts: { authMethod: 'oauth', clientId: 'wc' },
        },
      }),
    );
    const cc = providers.find((p) => p.id === 'cloudconvert');
    expect(cc).toMatchObject(cloudconvert.variants.sandbox);
    expect(providers.find((p) => p.id === 'whatconverts')?.authMethod).toBe('oauth');
    expect(() =>
      resolveProviders(validateConfig({ providers: { convert: { authMethod: 'api-key' } } })),
    ).toThrow(/providers\.convert\.authMethod: Convert offers oauth/);
  });
});
