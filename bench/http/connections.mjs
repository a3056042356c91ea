// Opens N keep-alive connections to the server, sends one GET /healthz on each, keeps them
// open, reports how many got an answer, then waits for SIGTERM (or HOLD_MS) before closing.
import net from 'node:net';
const [port, count] = [Number(process.argv[2]), Number(process.argv[3])];
const holdMs = Number(process.env.HOLD_MS || 60000);
const sockets = [];
let answered = 0;
let failed = 0;
const request = 'GET /healthz HTTP/1.1\r\nHost: bench\r\nConnection: keep-alive\r\n\r\n';
async function open(i) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(request));
    s.once('data', () => { answered++; resolve(); });
    s.on('error', () => { failed++; resolve(); });
    sockets.push(s);
  });
}
const batch = 500;
for (let i = 0; i < count; i += batch) {
  await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, j) => open(i + j)));
}
console.log(`open ${answered} failed ${failed}`);
setTimeout(() => { for (const s of sockets) s.destroy(); process.exit(0); }, holdMs);
process.on('SIGTERM', () => { for (const s of sockets) s.destroy(); process.exit(0); });
