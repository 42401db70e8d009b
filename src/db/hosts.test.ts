import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { databaseUrlProblem, parseDatabaseUrl } from './hosts.ts';

describe('parseDatabaseUrl', () => {
  it('reads one host with the default port', () => {
    const p = parseDatabaseUrl('postgres://web:s3cret@db.example.org/peerbridge');
    expect(p.hosts).toEqual([{ host: 'db.example.org', port: 5432 }]);
    expect(p.targetSessionAttrs).toBe('any');
    expect(p.urlFor(0)).toBe('postgres://web:s3cret@db.example.org:5432/peerbridge');
  });

  it('reads a list of hosts and target_session_attrs=read-write, keeping the other parameters', () => {
    const p = parseDatabaseUrl('postgresql://u@10.0.0.1:5433,10.0.0.2,[::1]:6000/pb?sslmode=require&target_session_attrs=read-write&application_name=pb');
    expect(p.hosts).toEqual([
      { host: '10.0.0.1', port: 5433 },
      { host: '10.0.0.2', port: 5432 },
      { host: '::1', port: 6000 },
    ]);
    expect(p.targetSessionAttrs).toBe('read-write');
    expect(p.urlFor(1)).toBe('postgresql://u@10.0.0.2:5432/pb?sslmode=require&application_name=pb');
    expect(p.urlFor(2)).toBe('postgresql://u@[::1]:6000/pb?sslmode=require&application_name=pb');
  });

  it('takes primary as read-write and refuses what it cannot honour', () => {
    expect(parseDatabaseUrl('postgres://u@a,b/db?target_session_attrs=primary').targetSessionAttrs).toBe('read-write');
    expect(databaseUrlProblem('postgres://u@a,b/db?target_session_attrs=standby')).toMatch(/not supported/);
    expect(databaseUrlProblem('postgres://u@a:99999/db')).toMatch(/port/);
    expect(databaseUrlProblem('postgres://u@a,,b/db')).toMatch(/not a host/);
    expect(databaseUrlProblem('mysql://u@a/db')).toMatch(/postgres:\/\//);
    expect(databaseUrlProblem('postgres:///db')).toMatch(/no host/);
    expect(databaseUrlProblem('postgres://u@h1:5432,h2:5433/db?target_session_attrs=read-write')).toBeNull();
  });
});

describe('DATABASE_URL in the configuration', () => {
  const secret = 'x'.repeat(40);
  it('accepts a multi-host URL and names the setting when a URL is wrong', () => {
    const url = 'postgres://pb@db1:5432,db2:5432/peerbridge?target_session_attrs=read-write';
    expect(loadConfig({ DATABASE_URL: url, PEERBRIDGE_SECRET: secret }).databaseUrl).toBe(url);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://pb@db1,db2/pb?target_session_attrs=standby', PEERBRIDGE_SECRET: secret })).toThrow(/DATABASE_URL: target_session_attrs=standby/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://owner@db/pb', DATABASE_APP_URL: 'not a url', PEERBRIDGE_SECRET: secret })).toThrow(/DATABASE_APP_URL/);
  });

  it('reads the database timeouts', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://pb@db/pb', PEERBRIDGE_SECRET: secret, DATABASE_STATEMENT_TIMEOUT_MS: '3000' });
    expect(c.databaseTimeouts).toEqual({ connectMs: 5000, statementMs: 3000, longStatementMs: 600000, idleInTransactionMs: 10000 });
    expect(() => loadConfig({ DATABASE_URL: 'postgres://pb@db/pb', PEERBRIDGE_SECRET: secret, DATABASE_CONNECT_TIMEOUT_MS: 'soon' })).toThrow(/DATABASE_CONNECT_TIMEOUT_MS/);
  });
});
