// Runs the shipped nginx example (deploy/nginx/) in front of test instances. The site file is
// used as shipped; only the lines marked `# test:` change (instance ports, listen address, log
// and include paths), so the proxy directives under test are the ones operators install.
//
//   const proxy = await startNginx({ ports: [a.port, b.port] });
//   await fetch(`${proxy.url}/api/v1/municipalities`);
//   await proxy.stop();
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const kSourceDir = process.env.AMTSWEG_SOURCE_DIR ?? path.resolve(import.meta.dirname ?? '.', '../..');
export const kSiteFile = path.join(kSourceDir, 'deploy/nginx/amtsweg.conf');
export const kLocationsFile = path.join(kSourceDir, 'deploy/nginx/amtsweg-locations.conf');
const kNginx = process.env.AMTSWEG_NGINX ?? '/usr/sbin/nginx';

// Replaces the one line that carries `marker` using `rewrite(line)`; throws if there is not
// exactly one, so a changed shipped file fails loudly instead of being tested half-substituted.
function rewriteMarkedLine(text, marker, rewrite) {
  const lines = text.split('\n');
  const hits = lines.flatMap((line, i) => (line.includes(marker) ? [i] : []));
  if (hits.length !== 1) throw new Error(`${kSiteFile}: expected one line marked "${marker}", found ${hits.length}`);
  lines[hits[0]] = rewrite(lines[hits[0]]);
  return lines.join('\n');
}

// The shipped site file with the test's instance ports, listen port and paths.
export function renderSite({ ports, listenPort, prefix }) {
  let text = readFileSync(kSiteFile, 'utf8');
  const block = text.match(/\n([ \t]*# test: instances begin\n)([\s\S]*?)([ \t]*# test: instances end\n)/);
  if (!block) throw new Error(`${kSiteFile}: no "# test: instances begin/end" block`);
  const first = block[2].match(/^([ \t]*)server\s+127\.0\.0\.1:\d+(\s[^;]*)?;/m);
  if (!first) throw new Error(`${kSiteFile}: no "server 127.0.0.1:PORT ...;" line between the instance markers`);
  const [, indent, parameters = ''] = first;  // the shipped max_fails/fail_timeout, kept as is
  const servers = ports.map((p) => `${indent}server 127.0.0.1:${p}${parameters};\n`).join('');
  text = text.replace(block[0], `\n${block[1]}${servers}${block[3]}`);
  text = rewriteMarkedLine(text, '# test: listen', (l) => l.replace(/listen\s+\S+;/, `listen 127.0.0.1:${listenPort};`));
  text = rewriteMarkedLine(text, '# test: log', (l) => l.replace('/var/log/nginx/', `${prefix}/logs/`));
  text = rewriteMarkedLine(text, '# test: locations', (l) => l.replace(/include\s+\S+;/, `include ${kLocationsFile};`));
  return text;
}

// The main configuration around the site file: what Debian's /etc/nginx/nginx.conf provides,
// with every path inside `prefix` (the compiled-in temp paths are under /var/lib/nginx).
function renderMain(prefix, siteFile) {
  const temp = (name) => `${name}_temp_path ${prefix}/temp/${name};`;
  return `worker_processes 2;
events { worker_connections 1024; }
http {
    ${temp('client_body')}
    ${temp('proxy')}
    ${temp('fastcgi')}
    ${temp('uwsgi')}
    ${temp('scgi')}
    default_type application/octet-stream;
    include ${siteFile};
}
`;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => { socket.destroy(); resolve(true); });
    socket.on('error', () => resolve(false));
  });
}

// Starts nginx in the foreground with its own prefix directory; resolves once it accepts.
export async function startNginx({ ports }) {
  const prefix = mkdtempSync(path.join(tmpdir(), 'amtsweg-nginx-'));
  // As root, nginx workers run as `nobody`: they must reach the temp directories in the prefix.
  chmodSync(prefix, 0o755);
  mkdirSync(path.join(prefix, 'logs'));
  mkdirSync(path.join(prefix, 'temp'));
  const listenPort = await freePort();
  const siteFile = path.join(prefix, 'amtsweg.conf');
  writeFileSync(siteFile, renderSite({ ports, listenPort, prefix }));
  writeFileSync(path.join(prefix, 'nginx.conf'), renderMain(prefix, siteFile));
  const errorLog = path.join(prefix, 'logs/error.log');
  const child = spawn(kNginx, ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-g',
    `daemon off; pid ${prefix}/nginx.pid; error_log ${errorLog} notice;`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const log = () => { try { return readFileSync(errorLog, 'utf8'); } catch { return ''; } };
  const deadline = Date.now() + 10000;
  while (!(await canConnect(listenPort))) {
    if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}:\n${output}\n${log()}`);
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`nginx did not listen within 10 s:\n${output}\n${log()}`); }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${listenPort}`,
    port: listenPort,
    prefix,
    errorLog: log,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.on('exit', resolve));
        child.kill('SIGQUIT');  // graceful: finish requests in flight
        await exited;
      }
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
