// A real MCP client (npm `@modelcontextprotocol/sdk` 1.x: `Client` over
// `StreamableHTTPClientTransport`, the session-based protocol) that a test drives
// over stdin/stdout in JSON lines. The protocol is described in README.md beside this file.
//
//   node node_client.mjs <url> [bearer-token]      (or env MCP_URL, MCP_TOKEN)
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

// The SDK lives in e2e/node_modules, which is not on this file's resolution path.
const sdk = new URL('../../../e2e/node_modules/@modelcontextprotocol/sdk/', import.meta.url);
const { Client } = await import(new URL('dist/esm/client/index.js', sdk));
const { StreamableHTTPClientTransport, StreamableHTTPError } = await import(
  new URL('dist/esm/client/streamableHttp.js', sdk)
);
const { McpError } = await import(new URL('dist/esm/types.js', sdk));
const sdkVersion = JSON.parse(readFileSync(new URL('package.json', sdk), 'utf8')).version;

/** One JSON line on stdout, written at once (stdout to a pipe is async in node; the
 *  process only exits after `emit` has drained, see `exit`). */
function emit(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

// The last HTTP error's `WWW-Authenticate`, which the SDK's error does not carry.
let lastChallenge = null;
async function fetchRecordingChallenges(input, init) {
  const response = await fetch(input, init);
  if (response.status >= 400) lastChallenge = response.headers.get('www-authenticate');
  return response;
}

/** The error event: the HTTP status when the transport saw one, the JSON-RPC code when
 *  the server answered with an error, and the SDK's own message. */
function errorEvent(err, id) {
  // fetch's own message is only "fetch failed"; the reason is in its cause.
  const cause = err?.cause?.message ? ` (${err.cause.message})` : '';
  const event = { event: 'error', status: null, code: null, message: String(err?.message ?? err) + cause };
  if (err instanceof StreamableHTTPError && typeof err.code === 'number' && err.code > 0) {
    event.status = err.code;
    if (lastChallenge !== null) event.wwwAuthenticate = lastChallenge;
  } else if (err instanceof McpError) {
    event.code = err.code;
  }
  if (id !== undefined) event.id = id;
  return event;
}

function exit(code) {
  // Exit once stdout is flushed, so the last line is never lost.
  process.stdout.write('', () => process.exit(code));
}

const url = process.argv[2] ?? process.env.MCP_URL;
const token = process.argv[3] ?? process.env.MCP_TOKEN ?? '';
if (!url) {
  emit({ event: 'error', status: null, code: null, message: 'usage: node_client.mjs <url> [bearer-token]' });
  process.exit(2);
}

const headers = token ? { Authorization: `Bearer ${token}` } : {};
const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers },
  fetch: fetchRecordingChallenges,
});
const client = new Client({ name: 'patchbay-test-node-client', version: sdkVersion }, { capabilities: {} });

// Every notification the server sends, as it arrives.
client.fallbackNotificationHandler = async (n) => {
  emit({ event: 'notification', method: n.method, params: n.params ?? null });
};
let connected = false;
client.onerror = (err) => {
  // Transport faults outside a request (the GET stream dropping, say): reported, not fatal.
  // Before `connected` the connect error itself says it.
  if (connected) emit({ event: 'transport_error', message: String(err?.message ?? err) });
};

try {
  await client.connect(transport);
  connected = true;
} catch (err) {
  emit(errorEvent(err));
  exit(1);
}
if (connected) {
  emit({
    event: 'connected',
    sdk: `@modelcontextprotocol/sdk@${sdkVersion}`,
    serverInfo: client.getServerVersion() ?? null,
    instructions: client.getInstructions() ?? null,
    capabilities: client.getServerCapabilities() ?? null,
    protocolVersion: transport.protocolVersion ?? null,
    sessionId: transport.sessionId ?? null,
  });
}

/** tools/list, following every cursor. */
async function listAll() {
  const tools = [];
  let cursor;
  for (let page = 0; page < 1000; page++) {
    const res = await client.listTools(cursor ? { cursor } : undefined);
    tools.push(...res.tools);
    cursor = res.nextCursor;
    if (!cursor) return tools;
  }
  throw new Error('tools/list gave more than 1000 pages; stopped');
}

async function run(cmd) {
  const id = cmd.id;
  const withId = (event) => (id === undefined ? event : { ...event, id });
  switch (cmd.op) {
    case 'list':
      return withId({ event: 'tools', tools: await listAll() });
    case 'call': {
      const onprogress = (p) => emit(withId({ event: 'notification', method: 'notifications/progress', params: p }));
      // `cancelAfterMs`: the SDK cancels the request (notifications/cancelled) then.
      const abort = new AbortController();
      if (cmd.cancelAfterMs) setTimeout(() => abort.abort('cancelled by the test'), cmd.cancelAfterMs);
      const result = await client.callTool({ name: cmd.name, arguments: cmd.arguments ?? {} }, undefined, {
        onprogress,
        signal: abort.signal,
        ...(cmd.timeoutMs ? { timeout: cmd.timeoutMs } : {}),
      });
      return withId({ event: 'result', result });
    }
    default:
      return withId({ event: 'error', status: null, code: null, message: `unknown op ${JSON.stringify(cmd.op)}` });
  }
}

let closing = false;
async function close() {
  if (closing) return;
  closing = true;
  try {
    await transport.terminateSession();
  } catch (err) {
    emit({ event: 'transport_error', message: `DELETE of the session failed: ${err?.message ?? err}` });
  }
  await client.close();
  emit({ event: 'closed' });
  exit(0);
}

// Commands run as they arrive, so several calls (each with its own `id`) can be in flight.
if (connected) listen();

function listen() {
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (!line.trim()) return;
    let cmd;
    try {
      cmd = JSON.parse(line);
    } catch (err) {
      emit({ event: 'error', status: null, code: null, message: `not JSON: ${err.message}` });
      return;
    }
    if (cmd.op === 'close') {
      close();
      return;
    }
    run(cmd).then(emit, (err) => emit(errorEvent(err, cmd.id)));
  });
  // The test went away: close the session rather than leave it open upstream.
  lines.on('close', () => close());
}
