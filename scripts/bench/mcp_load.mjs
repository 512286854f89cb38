// Load generator for scripts/bench-agent-mcp: the npm SDK's real `Client` calling one
// tool over Streamable HTTP, first one call at a time, then from many clients at once.
// Prints one JSON line of figures. Loopback targets only; every loop is bounded in
// count and time.
//
//   node scripts/bench/mcp_load.mjs --url http://127.0.0.1:PORT/mcp [--token T] [--tool greet]
//     [--calls 1000] [--warmup 100] [--clients 50] [--seconds 10] [--phase both|sequential|concurrent]
import { parseArgs } from 'node:util';

const sdk = new URL('../../e2e/node_modules/@modelcontextprotocol/sdk/', import.meta.url);
const { Client } = await import(new URL('dist/esm/client/index.js', sdk));
const { StreamableHTTPClientTransport } = await import(new URL('dist/esm/client/streamableHttp.js', sdk));

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string' },
    token: { type: 'string', default: process.env.MCP_TOKEN ?? '' },
    tool: { type: 'string', default: 'greet' },
    calls: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '100' },
    clients: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    phase: { type: 'string', default: 'both' },
  },
});

function fail(sentence) {
  process.stderr.write(`mcp_load: ${sentence}\n`);
  process.exit(1);
}

if (!opt.url) fail('give --url, the MCP endpoint to measure.');
const target = new URL(opt.url);
// This machine's rules: load goes to loopback only.
if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) {
  fail(`${target.hostname} is not a loopback address; this benchmark only loads 127.0.0.1, localhost or [::1].`);
}
const calls = Math.min(Number(opt.calls), 100_000);
const warmup = Math.min(Number(opt.warmup), 10_000);
const clients = Math.min(Number(opt.clients), 200);
const seconds = Math.min(Number(opt.seconds), 120);
const MAX_CALLS_PER_CLIENT = 1_000_000;
const ARGS = { name: 'bench' };
const EXPECTED = 'Hello, bench!';

async function connect() {
  const headers = opt.token ? { Authorization: `Bearer ${opt.token}` } : {};
  const transport = new StreamableHTTPClientTransport(target, { requestInit: { headers } });
  const client = new Client({ name: 'patchbay-bench', version: '1' }, { capabilities: {} });
  await client.connect(transport);
  return { client, transport };
}

/** The tool to call: `--tool` itself, or a gateway's namespaced `<connector>__<tool>`. */
async function findTool(client) {
  const names = [];
  let cursor;
  for (let page = 0; page < 100; page++) {
    const res = await client.listTools(cursor ? { cursor } : undefined);
    names.push(...res.tools.map((t) => t.name));
    cursor = res.nextCursor;
    if (!cursor) break;
  }
  const found = names.find((n) => n === opt.tool) ?? names.find((n) => n.endsWith(`__${opt.tool}`));
  if (!found) fail(`no tool named ${opt.tool} or *__${opt.tool} among ${JSON.stringify(names)}.`);
  return found;
}

/** One call; throws unless the answer is the greeting (an error result is not a success). */
async function callOnce(client, tool) {
  const res = await client.callTool({ name: tool, arguments: ARGS });
  const text = res.content?.[0]?.text;
  if (res.isError || text !== EXPECTED) throw new Error(`unexpected answer: ${JSON.stringify(res).slice(0, 300)}`);
}

const ms = (ns) => Number(ns) / 1e6;
function percentiles(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  const round = (x) => Math.round(x * 1000) / 1000;
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return { p50_ms: round(at(0.5)), p90_ms: round(at(0.9)), p99_ms: round(at(0.99)), mean_ms: round(mean), max_ms: round(s.at(-1)) };
}

async function sequential(tool, client) {
  for (let i = 0; i < warmup; i++) await callOnce(client, tool);
  const samples = [];
  for (let i = 0; i < calls; i++) {
    const t0 = process.hrtime.bigint();
    await callOnce(client, tool);
    samples.push(ms(process.hrtime.bigint() - t0));
  }
  return { calls, warmup, ...percentiles(samples) };
}

async function concurrent(tool) {
  const sessions = await Promise.all(Array.from({ length: clients }, connect));
  // A short warm-up so every session's connection is open before the clock starts.
  await Promise.all(sessions.map(({ client }) => callOnce(client, tool)));
  const samples = [];
  let errors = 0;
  let firstError = null;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  await Promise.all(
    sessions.map(async ({ client }) => {
      for (let n = 0; n < MAX_CALLS_PER_CLIENT && process.hrtime.bigint() < deadline; n++) {
        const t0 = process.hrtime.bigint();
        try {
          await callOnce(client, tool);
          samples.push(ms(process.hrtime.bigint() - t0));
        } catch (err) {
          errors++;
          firstError ??= String(err?.message ?? err);
        }
      }
    }),
  );
  const elapsed = ms(process.hrtime.bigint() - start) / 1000;
  await Promise.all(sessions.map(closeSession));
  const ok = samples.length;
  return {
    clients,
    seconds: Math.round(elapsed * 100) / 100,
    calls: ok,
    errors,
    ...(firstError ? { first_error: firstError } : {}),
    calls_per_s: Math.round(ok / elapsed),
    ...percentiles(samples.length ? samples : [0]),
  };
}

async function closeSession({ client, transport }) {
  await transport.terminateSession().catch(() => {});
  await client.close().catch(() => {});
}

try {
  const main = await connect();
  const tool = await findTool(main.client);
  const out = { url: opt.url, tool, protocolVersion: main.transport.protocolVersion };
  if (opt.phase !== 'concurrent') out.sequential = await sequential(tool, main.client);
  await closeSession(main);
  if (opt.phase !== 'sequential') out.concurrent = await concurrent(tool);
  // Exit once the line is written: idle keep-alive sockets would hold the process open.
  process.stdout.write(JSON.stringify(out) + '\n', () => process.exit(0));
} catch (err) {
  const cause = err?.cause?.message ? ` (${err.cause.message})` : '';
  fail(`${err?.message ?? err}${cause}`);
}
