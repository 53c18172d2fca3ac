import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { resolveProviders } from '../../src/config/resolve';
import { validateConfig } from '../../src/config/validate';
import { renderApp } from './render-app';
import { serverWithoutNotes } from './service-stubs';

/** The forms on the page, in order, by their accessible names. */
const choiceHeadings = () =>
  screen.getAllByRole('form').map((form) => form.getAttribute('aria-label'));

describe('a provider with two ways to connect (CloudConvert)', () => {
  it('offers signing in first when it is set up, then the API key', () => {
    renderApp('/connect/cloudconvert', { describeServer: serverWithoutNotes });
    expect(screen.getAllByRole('heading', { level: 1 }).map((h) => h.textContent)).toEqual([
      'Connect CloudConvert',
    ]);
    expect(choiceHeadings()).toEqual(['Sign in with CloudConvert', 'CloudConvert API key']);
    expect(screen.getByRole('form', { name: 'Sign in with CloudConvert' })).toHaveTextContent(
      'Through the token proxy at https://proxy.example.test, which adds the client secret',
    );
    expect(screen.getByRole('button', { name: 'Continue to CloudConvert' })).toBeEnabled();
  });

  it('puts the API key first when signing in is not set up, and says why honestly', () => {
    const providers = resolveProviders(validateConfig({ providers: { cloudconvert: {} } }));
    renderApp('/connect/cloudconvert', { providers });
    expect(choiceHeadings()).toEqual(['CloudConvert API key', 'Sign in with CloudConvert']);
    expect(screen.getByText(/Signing in is not set up here/)).toBeInTheDocument();
    const signIn = screen.getByRole('form', { name: 'Sign in with CloudConvert' });
    expect(signIn).toHaveTextContent(
      "Needs the token proxy, which holds CloudConvert's client secret: not set up here",
    );
    expect(signIn).not.toHaveTextContent('Through the token proxy at');
    expect(screen.getByRole('button', { name: 'Continue to CloudConvert' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Save CloudConvert key' })).toBeEnabled();
  });

  it('keeps one form with an h1 for a provider with one way in', () => {
    renderApp('/connect/sandbox', { describeServer: serverWithoutNotes });
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Connect Sandbox');
    expect(choiceHeadings()).toEqual(['Connect Sandbox']);
    expect(
      screen.getByText('Straight from your browser, with PKCE and no client secret'),
    ).toBeVisible();
  });
});
