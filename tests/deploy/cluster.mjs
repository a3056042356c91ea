// Two (or more) amtsweg instances on ONE database behind the shipped nginx example: the
// production layout of deploy/, in miniature. The engine comes from AMTSWEG_TEST_ENGINE like
// every suite (tests/lib/server.mjs): on `postgres` the instances share a fresh database on the
// fixture's cluster; on `sqlite` they share one SQLite file, a stand-in that works the same way.
//
//   const cluster = await startCluster();
//   await fetch(`${cluster.url}/api/v1/municipalities`);   // through nginx
//   cluster.query('SELECT COUNT(*) FROM applications;');
//   await cluster.stop();
import { freshDatabase, query, startServer } from '../lib/server.mjs';
import { startNginx } from './nginx.mjs';

export async function startCluster({ instances = 2 } = {}) {
  const database = freshDatabase('shared.db');
  const servers = [];
  let proxy;
  try {
    // The first instance migrates and seeds (demo), the others serve what is there, as in a
    // rolling deployment where the database is already up to date.
    for (let i = 0; i < instances; ++i) {
      const command = i === 0 ? 'demo' : 'serve';
      servers.push(await startServer({ command, db: database.db, args: ['--no-access-log'] }));
    }
    proxy = await startNginx({ ports: servers.map((s) => s.port) });
  } catch (e) {
    await Promise.all(servers.map((s) => s.stop()));
    servers.forEach((s) => s.cleanup());
    database.drop();
    throw e;
  }
  return {
    url: proxy.url,
    proxy,
    servers,
    db: database.db,
    query: (sql) => query(database.db, sql),
    // nginx's complaints about instances (for assertion messages): why a request failed.
    upstreamErrors: () => proxy.errorLog().split('\n').filter((l) => l.includes('upstream')).slice(0, 10).join('\n'),
    async stop() {
      await proxy.stop();
      const codes = await Promise.all(servers.map((s) => s.stop()));
      servers.forEach((s) => s.cleanup());
      database.drop();
      return codes;
    },
  };
}
