import { describe, expect, it } from 'vitest';
import { databaseFailure, mayRetry } from './resilience.ts';

describe('databaseFailure', () => {
  it('knows a lost or refused connection, also wrapped by the query builder', () => {
    expect(databaseFailure(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe('unavailable');
    expect(databaseFailure(new Error('Connection terminated unexpectedly'))).toBe('unavailable');
    expect(databaseFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe('unavailable');
    expect(databaseFailure(new Error('timeout exceeded when trying to connect'))).toBe('unavailable');
    expect(databaseFailure(Object.assign(new Error('cannot execute INSERT in a read-only transaction'), { code: '25006' }))).toBe('unavailable');
    const wrapped = new Error('Failed query: select 1', { cause: Object.assign(new Error('the database system is shutting down'), { code: '57P03' }) });
    expect(databaseFailure(wrapped)).toBe('unavailable');
  });

  it('tells a statement timeout apart, and leaves every other error alone', () => {
    expect(databaseFailure(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }))).toBe('timeout');
    expect(databaseFailure(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }))).toBeNull();
    expect(databaseFailure(new Error('Participant not found.'))).toBeNull();
    expect(databaseFailure(undefined)).toBeNull();
  });
});

describe('mayRetry', () => {
  it('runs a write again only when none of it was sent, a read until its COMMIT was sent', () => {
    expect(mayRetry('connect', false)).toBe(true);
    expect(mayRetry('begin', false)).toBe(true);
    expect(mayRetry('work', false)).toBe(false);
    expect(mayRetry('commit', false)).toBe(false);
    expect(mayRetry('work', true)).toBe(true);
    expect(mayRetry('commit', true)).toBe(false);
  });
});
