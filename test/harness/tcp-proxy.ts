import net from 'node:net';

/**
 * A TCP proxy between the server and PostgreSQL that a test can break on purpose: `hang` keeps
 * every socket open but forwards nothing (a database that stopped answering, or a network that
 * drops packets), `pass` forwards again. Faithful to what a client sees, and deterministic.
 */
export interface TcpProxy {
  port: number;
  mode(m: 'pass' | 'hang'): void;
  close(): Promise<void>;
}

export const startTcpProxy = async (target: { host: string; port: number }): Promise<TcpProxy> => {
  let mode: 'pass' | 'hang' = 'pass';
  const sockets = new Set<net.Socket>();
  const server = net.createServer((inbound) => {
    sockets.add(inbound);
    inbound.on('close', () => sockets.delete(inbound));
    inbound.on('error', () => undefined);
    if (mode === 'hang') return; // accepted, never answered
    const outbound = net.connect(target.port, target.host);
    sockets.add(outbound);
    outbound.on('close', () => {
      sockets.delete(outbound);
      inbound.destroy();
    });
    outbound.on('error', () => undefined);
    inbound.on('close', () => outbound.destroy());
    // While hanging, bytes are swallowed in both directions.
    inbound.on('data', (d) => mode === 'pass' && outbound.write(d));
    outbound.on('data', (d) => mode === 'pass' && inbound.write(d));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    mode: (m) => {
      mode = m;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
};
