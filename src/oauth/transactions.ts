import { ErrorCode, KeyfobError } from './errors';
import type { Cipher, Sealed } from '../vault/cipher';
import type { KeyValueStore } from '../vault/store';
import type { Transaction } from './types';

/** RFC 9700 asks for short-lived state; 10 minutes covers a slow sign-in. */
export const TRANSACTION_TTL_MS = 10 * 60 * 1000;
/** A used state is remembered for a day, so a replayed callback says "already used". */
const USED_MARKER_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * A pending transaction keeps in the clear only what the sweep and a failed callback need (its
 * provider and age); the verifier, the nonce and the rest are sealed under the vault key, like
 * tokens, for the minutes the person spends at the provider.
 */
type Record =
  | { status: 'pending'; providerId: string; createdAt: number; sealed: Sealed }
  | {
      status: 'used';
      usedAt: number;
      providerId: string;
      /** Sealed `{state, connectionId}`: the connection this sign-in made, for a replay's link. */
      outcome?: Sealed;
    };

/** What a used transaction remembers of its outcome, sealed like the transaction was. */
interface Outcome {
  state: string;
  connectionId: string;
}

const keyOf = (state: string) => `tx:${state}`;

export async function saveTransaction(
  store: KeyValueStore,
  cipher: Cipher,
  transaction: Transaction,
): Promise<void> {
  const sealed = await cipher.seal(transaction);
  await store.set<Record>(keyOf(transaction.state), {
    status: 'pending',
    providerId: transaction.providerId,
    createdAt: transaction.createdAt,
    sealed,
  });
}

/**
 * Takes the transaction for `state` exactly once: in one atomic store update the pending record
 * becomes a "used" marker, so a second take (a replay, another tab) fails with TRANSACTION_USED.
 */
export async function takeTransaction(
  store: KeyValueStore,
  cipher: Cipher,
  state: string,
  now: number,
): Promise<Transaction> {
  let found: Record | undefined;
  // The swap is atomic; the sealed part is opened after it, so it can be taken only once.
  await store.update<Record>(keyOf(state), (old) => {
    found = old;
    if (old?.status !== 'pending') return old;
    return { status: 'used', usedAt: now, providerId: old.providerId };
  });
  if (found === undefined) {
    throw new KeyfobError(
      ErrorCode.UNKNOWN_STATE,
      'This sign-in response does not belong to any connection started in this browser.',
    );
  }
  if (found.status === 'used') {
    const connectionId = await connectionOf(cipher, found.outcome, state);
    throw new KeyfobError(
      ErrorCode.TRANSACTION_USED,
      'This sign-in response was already used. Start the connection again if you need to.',
      { providerId: found.providerId, connectionId },
    );
  }
  if (now - found.createdAt > TRANSACTION_TTL_MS) {
    throw new KeyfobError(
      ErrorCode.TRANSACTION_EXPIRED,
      'This sign-in took longer than 10 minutes and has expired. Please try again.',
    );
  }
  if (found.sealed === undefined) {
    // Kept by an older Keyfob, verifier in the clear: not trusted, and swept at start-up.
    throw new KeyfobError(
      ErrorCode.TRANSACTION_EXPIRED,
      'This sign-in was started by an older version of Keyfob. Please try again.',
    );
  }
  let transaction: Transaction;
  try {
    transaction = (await cipher.open(found.sealed)) as Transaction;
  } catch (error) {
    if (error instanceof KeyfobError) throw error;
    throw new KeyfobError(
      ErrorCode.STORAGE,
      'The sign-in in progress could not be decrypted from this browser’s storage (its key changed or the data is damaged). Please try again.',
      { cause: error },
    );
  }
  if (transaction.state !== state || transaction.providerId !== found.providerId) {
    // A sealed part moved under another state's key: refuse it rather than trust it.
    throw new KeyfobError(
      ErrorCode.UNKNOWN_STATE,
      'This sign-in response does not belong to any connection started in this browser.',
    );
  }
  return transaction;
}

/**
 * Remembers, on the used marker of `state`, the connection that sign-in made, so a replayed
 * callback can link to it. Sealed: which connection a code produced is nobody else's business.
 */
export async function recordOutcome(
  store: KeyValueStore,
  cipher: Cipher,
  state: string,
  connectionId: string,
): Promise<void> {
  const outcome = await cipher.seal({ state, connectionId } satisfies Outcome);
  await store.update<Record>(keyOf(state), (old) =>
    old?.status === 'used' ? { ...old, outcome } : old,
  );
}

/** The connection a used marker names, or undefined when it names none or cannot be opened. */
async function connectionOf(
  cipher: Cipher,
  outcome: Sealed | undefined,
  state: string,
): Promise<string | undefined> {
  if (!outcome) return undefined;
  try {
    const opened = (await cipher.open(outcome)) as Partial<Outcome>;
    // Moved under another state's key: not this sign-in's outcome.
    return opened.state === state && typeof opened.connectionId === 'string'
      ? opened.connectionId
      : undefined;
  } catch {
    // A locked vault or a changed key: the replay is still refused, only without the link.
    return undefined;
  }
}

/** The provider a transaction (pending or used) was for, so a failed callback can offer "Try again". */
export async function providerOfTransaction(
  store: KeyValueStore,
  state: string,
): Promise<string | undefined> {
  const record = await store.get<Record>(keyOf(state));
  return record?.providerId;
}

/**
 * Forgets expired pending transactions and old used markers (and any record of an older layout,
 * which kept the verifier in the clear). Needs no key: ages and providers are in the clear.
 */
export async function sweepTransactions(store: KeyValueStore, now: number): Promise<void> {
  for (const key of await store.keys()) {
    if (!key.startsWith('tx:')) continue;
    await store.update<Record>(key, (old) => {
      if (!old) return undefined;
      if (old.status === 'pending' && typeof old.createdAt !== 'number') return undefined;
      const age =
        old.status === 'pending' ? now - old.createdAt - TRANSACTION_TTL_MS : now - old.usedAt;
      const limit = old.status === 'pending' ? 0 : USED_MARKER_TTL_MS;
      return age > limit ? undefined : old;
    });
  }
}
