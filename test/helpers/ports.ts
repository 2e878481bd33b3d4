import { createServer } from 'node:net';

/**
 * A loopback port nothing listens on: taken from the OS, then closed. For a server a test starts
 * later, or for a connection that must be refused (ECONNREFUSED) as a real one is.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}
