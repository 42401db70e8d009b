import { describe, expect, it } from 'vitest';
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
