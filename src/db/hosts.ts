import pg from 'pg';

/**
 * Multi-host PostgreSQL URLs, as libpq reads them (`postgres://u@h1:5432,h2:5433/db?
 * target_session_attrs=read-write`): the hosts are tried in order and, with `read-write`, only a
 * server that accepts writes is used. node-postgres parses one host only, so this file parses the
 * list and picks the host for each new connection; after a failover the standby that was promoted
 * is found the same way (docs/operations.md, "Failover").
 */
export interface DatabaseHost {
  host: string;
  port: number;
}

export type TargetSessionAttrs = 'any' | 'read-write';

export interface ParsedDatabaseUrl {
  hosts: DatabaseHost[];
  targetSessionAttrs: TargetSessionAttrs;
  /** A single-host URL for host `i` (the other parts as given, `target_session_attrs` left out). */
  urlFor(i: number): string;
}

export class DatabaseUrlError extends Error {}

const URL_SHAPE = /^(postgres(?:ql)?:\/\/)([^@/?#]*@)?([^/?#]*)([^?#]*)(\?[^#]*)?$/;

const parseHost = (text: string): DatabaseHost => {
  // [::1]:5433, [::1], host:5433, host
  const m = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d+))?$/.exec(text);
  if (!m) throw new DatabaseUrlError(`"${text}" is not a host or host:port.`);
  const port = m[2] === undefined ? 5432 : Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new DatabaseUrlError(`"${text}" has a port outside 1-65535.`);
  return { host: m[1]!.replace(/^\[(.*)\]$/, '$1'), port };
};

/**
 * Parses a postgres:// URL with one host or a comma-separated list of hosts. `target_session_attrs`
 * may be `any` (the default: the first host that answers) or `read-write` (`primary` reads the
 * same here: the first host that is not a standby and accepts writes).
 */
export const parseDatabaseUrl = (url: string): ParsedDatabaseUrl => {
  const m = URL_SHAPE.exec(url);
  if (!m) throw new DatabaseUrlError('The database URL must look like postgres://user@host:5432/database.');
  const [, scheme, userinfo = '', hostList, path = '', query = ''] = m;
  if (!hostList) throw new DatabaseUrlError('The database URL names no host.');
  const hosts = hostList.split(',').map(parseHost);
  const params = new URLSearchParams(query.slice(1));
  const attrs = params.get('target_session_attrs') ?? 'any';
  if (attrs !== 'any' && attrs !== 'read-write' && attrs !== 'primary') {
    throw new DatabaseUrlError(`target_session_attrs=${attrs} is not supported: use read-write (or any).`);
  }
  params.delete('target_session_attrs');
  const rest = params.toString();
  const hostText = (h: DatabaseHost) => (h.host.includes(':') ? `[${h.host}]` : h.host);
  return {
    hosts,
    targetSessionAttrs: attrs === 'any' ? 'any' : 'read-write',
    urlFor: (i) => `${scheme}${userinfo}${hostText(hosts[i]!)}:${hosts[i]!.port}${path}${rest ? `?${rest}` : ''}`,
  };
};

/** Whether `url` is a database URL this server can use (for the configuration check). */
export const databaseUrlProblem = (url: string): string | null => {
  try {
    parseDatabaseUrl(url);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
};

/** No host of the list answered as asked (all down, or only standbys for read-write). */
export class NoUsableHostError extends Error {
  readonly code = 'PB_NO_USABLE_HOST';
}

/** Whether the connected server takes writes: not a standby, not read-only by default. */
const acceptsWrites = async (client: pg.ClientBase) => {
  const r = await client.query<{ ro: boolean }>(`select pg_is_in_recovery() or current_setting('transaction_read_only') = 'on' as ro`);
  return !r.rows[0]!.ro;
};

/**
 * Remembers which host of the list new connections go to. The first connection (and the first
 * after `forget()`, called when a connection was lost or a host refused a write) tries the hosts
 * in order, as libpq does, and keeps the first that fits; the others then connect straight to it.
 */
export class HostSelector {
  readonly parsed: ParsedDatabaseUrl;
  readonly connectTimeoutMs: number;
  private chosen: number | null = null;
  private probing: Promise<number> | null = null;

  constructor(url: string, connectTimeoutMs: number) {
    this.parsed = parseDatabaseUrl(url);
    this.connectTimeoutMs = connectTimeoutMs;
  }

  get multiHost() {
    return this.parsed.hosts.length > 1;
  }

  get needsWritable() {
    return this.parsed.targetSessionAttrs === 'read-write';
  }

  /** The host index new connections use (tries the list when none is known). */
  current(): Promise<number> {
    if (this.chosen !== null) return Promise.resolve(this.chosen);
    return (this.probing ??= this.probe().finally(() => {
      this.probing = null;
    }));
  }

  forget(index?: number) {
    if (index === undefined || this.chosen === index) this.chosen = null;
  }

  private async probe(): Promise<number> {
    const why: string[] = [];
    for (let i = 0; i < this.parsed.hosts.length; i++) {
      const client = new pg.Client({ connectionString: this.parsed.urlFor(i), connectionTimeoutMillis: this.connectTimeoutMs });
      client.on('error', () => undefined);
      try {
        await client.connect();
        if (this.needsWritable && !(await acceptsWrites(client))) {
          why.push(`${this.describe(i)} is read-only`);
          continue;
        }
        this.chosen = i;
        return i;
      } catch (e) {
        why.push(`${this.describe(i)}: ${(e as Error).message}`);
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    throw new NoUsableHostError(`No database host ${this.needsWritable ? 'accepts writes' : 'answers'} (${why.join('; ')}).`);
  }

  describe(i: number) {
    const h = this.parsed.hosts[i]!;
    return `${h.host}:${h.port}`;
  }
}

/**
 * A node-postgres Client class for a pool whose new connections go to the selector's host and,
 * with read-write, check that the server still takes writes (a demoted primary does not): if not,
 * the selector forgets the host and the connection fails, so the pool's caller sees a lost
 * connection and the next one tries the list again.
 */
export const clientClassFor = (selector: HostSelector): typeof pg.Client =>
  class SelectedHostClient extends pg.Client {
    override connect(): Promise<pg.Client>;
    override connect(callback: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): void;
    override connect(callback?: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): Promise<pg.Client> | void {
      const done = (async () => {
        const i = await selector.current();
        const h = selector.parsed.hosts[i]!;
        const self = this as unknown as { host: string; port: number; connectionParameters: { host: string; port: number } };
        self.host = self.connectionParameters.host = h.host;
        self.port = self.connectionParameters.port = h.port;
        await super.connect();
        if (selector.needsWritable && !(await acceptsWrites(this))) {
          selector.forget(i);
          await this.end().catch(() => undefined);
          throw new NoUsableHostError(`${selector.describe(i)} no longer accepts writes.`);
        }
        return this as pg.Client;
      })();
      if (!callback) return done;
      done.then(
        (c) => (callback as (err: null, c: pg.Client) => void)(null, c),
        (e: Error) => (callback as (err: Error) => void)(e),
      );
    }
  };

/** A one-off client (migrations, operator work) on the host the selector picks. */
export const connectSelected = async (selector: HostSelector, config: pg.ClientConfig = {}): Promise<pg.Client> => {
  const Client = clientClassFor(selector);
  const client = new Client({ connectionString: selector.parsed.urlFor(0), connectionTimeoutMillis: selector.connectTimeoutMs, ...config });
  await client.connect();
  return client;
};
