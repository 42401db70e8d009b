import { ConfigError, loadConfig } from './config.ts';
import { AppLoginError } from './db/client.ts';
import { DataDirBusyError } from './db/lock.ts';
import { startServer } from './server.ts';

/** `npm start`: read config, open and migrate the database, listen, and shut down cleanly. */
const started = performance.now();
// A promise left rejected somewhere (a database client's error event, a timer of a library) must
// not take every participant's session down with it (issue 18): log it, without its data, and
// keep serving. Requests themselves answer through the error handler.
process.on('unhandledRejection', (reason) => {
  const e = reason as { name?: string; code?: string; message?: string } | undefined;
  console.error(JSON.stringify({ level: 'error', msg: 'unhandled rejection', err: { type: e?.name, code: e?.code, message: String(e?.message ?? reason).slice(0, 200) } }));
});
try {
  const config = loadConfig();
  const server = await startServer(config);
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${config.dataDir}`;
  console.log(`Peerbridge is ready at ${server.url} on ${where} (${Math.round(performance.now() - started)} ms).`);
  if (config.databaseUrl && !config.appDatabaseUrl) {
    console.warn(
      'Warning: the application logs in as the owner of the tables. Set DATABASE_APP_URL to a login with only the application\'s rights (README, "Running on PostgreSQL").',
    );
  }
  if (await server.services.identity.setupNeeded()) {
    const token = server.services.identity.issueSetupToken();
    console.log(
      [
        '',
        'No administrator exists yet. Create the first one:',
        `  in the browser: ${server.url}/setup?token=${token}`,
        '    (this link works once, while this server runs)',
        '  or with the CLI (stop the server first when it uses the embedded database):',
        '    npx peerbridge org create --name "Your agency"',
        '    npx peerbridge user create --org <organization id> --email you@example.org --role admin --password-stdin',
        '  or see a living system at once: npx peerbridge demo',
        '',
      ].join('\n'),
    );
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing requests in flight and closing the database…`);
    const force = setTimeout(() => {
      console.error('Shutdown took longer than 15 s; exiting.');
      process.exit(1);
    }, 15_000);
    force.unref();
    await server.close();
    console.log('Closed cleanly.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (e) {
  if (e instanceof ConfigError || e instanceof DataDirBusyError || e instanceof AppLoginError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
