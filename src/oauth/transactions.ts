import { ErrorCode, KeyfobError } from './errors';
import type { KeyValueStore } from '../vault/store';
import type { Transaction } from './types';

/** RFC 9700 asks for short-lived state; 10 minutes covers a slow sign-in. */
export const TRANSACTION_TTL_MS = 10 * 60 * 1000;
/** A used state is remembered for a day, so a replayed callback says "already used". */
const USED_MARKER_TTL_MS = 24 * 60 * 60 * 1000;

type Record =
  | { status: 'pending'; transaction: Transaction }
  | { status: 'used'; usedAt: number; providerId: string };

const keyOf = (state: string) => `tx:${state}`;

export async function saveTransaction(
  store: KeyValueStore,
  transaction: Transaction,
): Promise<void> {
  await store.set<Record>(keyOf(transaction.state), { status: 'pending', transaction });
}

/**
 * Takes the transaction for `state` exactly once: in one atomic store update the pending record
 * becomes a "used" marker, so a second take (a replay, another tab) fails with TRANSACTION_USED.
 */
export async function takeTransaction(
  store: KeyValueStore,
  state: string,
  now: number,
): Promise<Transaction> {
  let found: Record | undefined;
  await store.update<Record>(keyOf(state), (old) => {
    found = old;
    if (old?.status !== 'pending') return old;
    return { status: 'used', usedAt: now, providerId: old.transaction.providerId };
  });
  if (found === undefined) {
    throw new KeyfobError(
      ErrorCode.UNKNOWN_STATE,
      'This sign-in response does not belong to any connection started in this browser.',
    );
  }
  if (found.status === 'used') {
    throw new KeyfobError(
      ErrorCode.TRANSACTION_USED,
      'This sign-in response was already used. Start the connection again if you need to.',
    );
  }
  if (now - found.transaction.createdAt > TRANSACTION_TTL_MS) {
    throw new KeyfobError(
      ErrorCode.TRANSACTION_EXPIRED,
      'This sign-in took longer than 10 minutes and has expired. Please try again.',
    );
  }
  return found.transaction;
}

/** The provider a transaction (pending or used) was for, so a failed callback can offer "Try again". */
export async function providerOfTransaction(
  store: KeyValueStore,
  state: string,
): Promise<string | undefined> {
  const record = await store.get<Record>(keyOf(state));
  return record?.status === 'pending' ? record.transaction.providerId : record?.providerId;
}

/** Forgets expired pending transactions and old used markers. */
export async function sweepTransactions(store: KeyValueStore, now: number): Promise<void> {
  for (const key of await store.keys()) {
    if (!key.startsWith('tx:')) continue;
    await store.update<Record>(key, (old) => {
      if (!old) return undefined;
      const age =
        old.status === 'pending'
          ? now - old.transaction.createdAt - TRANSACTION_TTL_MS
          : now - old.usedAt;
      const limit = old.status === 'pending' ? 0 : USED_MARKER_TTL_MS;
      return age > limit ? undefined : old;
    });
  }
}
