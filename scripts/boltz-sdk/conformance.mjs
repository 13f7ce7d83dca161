// Checks a Boltz API server (the local emulator, in practice) against the
// vendor's own TypeScript SDK, boltz-compute-api 0.14.1: the SDK encodes
// the requests and parses the answers, this script compares what it gets
// with shared/boltz-api.md. Exits 1 on any mismatch, 2 if it cannot run.
//
// Environment:
//   BOLTZ_BASE_URL, BOLTZ_API_KEY   the server and an admin key (required)
//   BOLTZ_WORKSPACE_API_KEY         a workspace key (optional: else one made here)
//   BOLTZ_WORKSPACE_ID              an existing workspace other than the default
//                                   (optional: else the default one is used)
//   BOLTZ_DEFAULT_WORKSPACE_ID      the default workspace's id, if known
//   BOLTZ_EXPECT_REVOKE_AGAIN       200, 400 or 409: pins the undocumented answer
//                                   to revoking a revoked key (any of them if unset)
//
// Node 20, no dependencies besides the SDK (npm ci in this folder).

import BoltzComputeAPI, {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  UnprocessableEntityError,
} from 'boltz-compute-api';

const env = process.env;
for (const name of ['BOLTZ_BASE_URL', 'BOLTZ_API_KEY']) {
  if (!env[name]) {
    console.error(`conformance: ${name} is not set`);
    process.exit(2);
  }
}
const baseURL = env.BOLTZ_BASE_URL;
const WS = env.BOLTZ_WORKSPACE_ID || undefined;
const DEFAULT_WS = env.BOLTZ_DEFAULT_WORKSPACE_ID || undefined;

// Every request the SDK sends, to see its paging and its retries.
const requests = [];
const countingFetch = (url, init) => {
  requests.push(`${(init?.method ?? 'GET').toUpperCase()} ${new URL(url).pathname}`);
  return fetch(url, init);
};
const requestsSince = (n, line) => requests.slice(n).filter((r) => r === line).length;

// maxRetries 0: the SDK retries 408/409/429/5xx by default, which would hide
// the first answer (and could duplicate a create).
const client = (apiKey, opts = {}) =>
  new BoltzComputeAPI({ apiKey, baseURL, maxRetries: 0, fetch: countingFetch, ...opts });
const admin = client(env.BOLTZ_API_KEY);

const failures = [];
function check(cond, what) {
  console.log(`${cond ? 'ok  ' : 'FAIL'} ${what}`);
  if (!cond) failures.push(what);
  return cond;
}
const note = (what) => console.log(`note ${what}`);
const json = (v) => JSON.stringify(v);

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const isTime = (v) => typeof v === 'string' && RFC3339.test(v) && !Number.isNaN(Date.parse(v));
const isTimeOrNull = (v) => v === null || isTime(v);
const API_KEY_FIELDS = [
  'id', 'name', 'key_prefix', 'key_type', 'workspace_id', 'allowed_ips',
  'livemode', 'is_active', 'created_at', 'expires_at', 'last_used_at',
];

// The contract's ApiKey object: every field, of the documented type, and
// nothing else.
function checkApiKey(k, what) {
  if (!check(k && typeof k === 'object', `${what}: is an object`)) return;
  const keys = Object.keys(k).sort();
  check(json(keys) === json([...API_KEY_FIELDS].sort()), `${what}: fields are exactly the contract's (${keys.join(',')})`);
  check(typeof k.id === 'string' && k.id !== '', `${what}: id is a non-empty string`);
  check(typeof k.name === 'string', `${what}: name is a string`);
  check(typeof k.key_prefix === 'string' && k.key_prefix.length === 12, `${what}: key_prefix has 12 characters (${json(k.key_prefix)})`);
  check(k.key_type === 'admin' || k.key_type === 'workspace', `${what}: key_type is admin|workspace (${json(k.key_type)})`);
  check(k.key_type === 'admin' ? k.workspace_id === null : typeof k.workspace_id === 'string',
    `${what}: workspace_id is null for admin keys, a string for workspace keys (${json(k.workspace_id)})`);
  check(Array.isArray(k.allowed_ips) && k.allowed_ips.every((ip) => typeof ip === 'string'), `${what}: allowed_ips is an array of strings`);
  check(typeof k.livemode === 'boolean', `${what}: livemode is a boolean`);
  check(typeof k.is_active === 'boolean', `${what}: is_active is a boolean`);
  check(isTime(k.created_at), `${what}: created_at is RFC 3339 (${json(k.created_at)})`);
  check(isTimeOrNull(k.expires_at), `${what}: expires_at is RFC 3339 or null (${json(k.expires_at)})`);
  check(isTimeOrNull(k.last_used_at), `${what}: last_used_at is RFC 3339 or null (${json(k.last_used_at)})`);
}

// Equivalent addresses compare equal: the contract allows normalisation
// (2001:DB8::1 -> 2001:db8::1). WHATWG URL parsing canonicalises IPv6.
const canonIP = (ip) => (ip.includes(':') ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip);
const sameIPs = (a, b) => json(a.map(canonIP)) === json(b.map(canonIP));

// expectError runs fn and checks it throws the SDK class for the status,
// with the contract's {code, message} body. Returns the error.
async function expectError(what, fn, classes, codes) {
  try {
    const v = await fn();
    check(false, `${what}: expected ${classes.map((c) => c.name).join(' or ')}, but the call succeeded: ${json(v)?.slice(0, 200)}`);
    return undefined;
  } catch (e) {
    if (!(e instanceof APIError) || e.status === undefined) {
      check(false, `${what}: expected an APIError from the server, got ${e?.constructor?.name}: ${e?.message}`);
      return e;
    }
    const cls = classes.find((c) => e instanceof c);
    check(cls !== undefined, `${what}: ${e.constructor.name} (status ${e.status}) is ${classes.map((c) => c.name).join(' or ')}`);
    check(codes.includes(e.error?.code), `${what}: body code ${json(e.error?.code)} is ${codes.join(' or ')}`);
    check(typeof e.error?.message === 'string' && e.error.message !== '', `${what}: body has a message (${json(e.error?.message)})`);
    return e;
  }
}

async function listAll(c, params) {
  const out = [];
  for await (const k of c.admin.apiKeys.list(params)) out.push(k);
  return out;
}

async function main() {
  const marker = `sdk-conformance-${Date.now().toString(36)}`;
  const created = [];

  // --- create, every field ---
  const fullParams = {
    name: `${marker} full`,
    allowed_ips: ['10.0.0.1', '2001:DB8::1'],
    expires_in_days: 30,
    mode: 'test',
    ...(WS ? { workspace_id: WS } : {}),
  };
  const full = await admin.admin.apiKeys.create(fullParams);
  console.log(`info create(every field) -> key ${full.key.slice(0, 14)}…, key_details ${json(full.key_details)}`);
  check(json(Object.keys(full).sort()) === json(['key', 'key_details']), 'create: answer is {key, key_details}');
  const fd = full.key_details;
  checkApiKey(fd, 'create(every field).key_details');
  check(/^sk_bc_ws_test_./.test(full.key), 'create(mode test): secret starts sk_bc_ws_test_');
  check(fd.key_prefix === full.key.slice(0, 12), 'create: key_prefix is the first 12 characters of the secret');
  check(!json(fd).includes(full.key), 'create: key_details does not contain the secret');
  check(fd.name === fullParams.name, 'create: name as sent');
  check(fd.key_type === 'workspace', 'create: key_type is workspace');
  check(WS ? fd.workspace_id === WS : typeof fd.workspace_id === 'string', `create: workspace_id ${json(fd.workspace_id)} is the one sent`);
  check(fd.livemode === false, 'create(mode test): livemode false');
  check(fd.is_active === true, 'create: is_active true');
  check(sameIPs(fd.allowed_ips, fullParams.allowed_ips), `create: allowed_ips ${json(fd.allowed_ips)} equivalent to ${json(fullParams.allowed_ips)}`);
  if (json(fd.allowed_ips) !== json(fullParams.allowed_ips)) note(`allowed_ips come back normalised: ${json(fd.allowed_ips)}`);
  const days = (Date.parse(fd.expires_at) - Date.parse(fd.created_at)) / 86400e3;
  check(Math.abs(days - 30) <= 1, `create(expires_in_days 30): expires_at - created_at = ${days} days`);
  check(!('expires_in_days' in fd), 'create: expires_in_days is not echoed');
  created.push(fd.id);

  // --- create, defaults ---
  const min = await admin.admin.apiKeys.create({ name: `${marker} min` });
  checkApiKey(min.key_details, 'create(name only).key_details');
  check(/^sk_bc_ws_live_./.test(min.key), 'create(no mode): secret starts sk_bc_ws_live_ (live is the default)');
  check(min.key_details.livemode === true, 'create(no mode): livemode true');
  check(min.key_details.expires_at === null, 'create(no expires_in_days): expires_at null');
  check(json(min.key_details.allowed_ips) === '[]', 'create(no allowed_ips): allowed_ips []');
  check(DEFAULT_WS ? min.key_details.workspace_id === DEFAULT_WS : typeof min.key_details.workspace_id === 'string',
    `create(no workspace_id): the default workspace (${json(min.key_details.workspace_id)})`);
  created.push(min.key_details.id);

  // --- list: more keys than a page, auto-paging with for await ---
  const LIMIT = 2;
  for (let i = 0; i < 5; i++) {
    created.push((await admin.admin.apiKeys.create({ name: `${marker} page ${i}` })).key_details.id);
  }
  let n0 = requests.length;
  const all = await listAll(admin, { limit: LIMIT });
  const listCalls = requestsSince(n0, 'GET /compute/v1/admin/api-keys');
  console.log(`info list({limit: ${LIMIT}}) for await: ${all.length} keys in ${listCalls} requests`);
  check(listCalls > 1, `list: for await followed the cursor across ${listCalls} pages`);
  check(listCalls >= Math.ceil(all.length / LIMIT), `list: no page held more than limit (${all.length} keys, ${listCalls} pages)`);
  all.forEach((k, i) => checkApiKey(k, `list item ${i}`));
  const ids = all.map((k) => k.id);
  check(new Set(ids).size === ids.length, 'list: no key twice across pages');
  check(created.every((id) => ids.includes(id)), 'list: every key created here is listed');
  const mine = all.filter((k) => k.name.startsWith(marker));
  check(mine.length === created.length, `list: exactly ${created.length} keys carry this run's marker (no duplicate creates), got ${mine.length}`);

  // Page objects: the contract's envelope, and before_id back to page one.
  const page1 = await admin.admin.apiKeys.list({ limit: LIMIT });
  for (const f of ['data', 'first_id', 'last_id', 'has_more']) check(f in page1.body, `list: page body has ${f}`);
  check(page1.body.first_id === page1.data[0]?.id && page1.body.last_id === page1.data.at(-1)?.id, 'list: first_id/last_id are the page\'s first and last ids');
  check(page1.has_more === true && page1.hasNextPage(), 'list: has_more true on a full first page');
  const page2 = await page1.getNextPage();
  check(page2.data.every((k) => !page1.data.some((p) => p.id === k.id)), 'list: page two (after_id) shares no key with page one');
  const back = await admin.admin.apiKeys.list({ limit: LIMIT, before_id: page2.body.first_id });
  check(json(back.data.map((k) => k.id).sort()) === json(page1.data.map((k) => k.id).sort()),
    'list: before_id=<first_id of page two> returns page one');

  // workspace_id filters server-side.
  const wsID = fd.workspace_id;
  const inWS = await listAll(admin, { limit: LIMIT, workspace_id: wsID });
  check(inWS.length > 0 && inWS.every((k) => k.workspace_id === wsID), `list(workspace_id ${wsID}): only that workspace's keys (${inWS.length})`);
  check(inWS.some((k) => k.id === fd.id), 'list(workspace_id): includes the key created in it');
  if (WS && WS !== min.key_details.workspace_id) {
    check(!inWS.some((k) => k.id === min.key_details.id), 'list(workspace_id): excludes a key of another workspace');
  }

  // limit outside 1–100: 400 or 422 (undocumented which).
  for (const limit of [0, 101]) {
    const e = await expectError(`list({limit: ${limit}})`, () => admin.admin.apiKeys.list({ limit }),
      [BadRequestError, UnprocessableEntityError], ['bad_request', 'VALIDATION_ERROR']);
    if (e) console.log(`info list({limit: ${limit}}) -> ${e.constructor.name} ${e.status} ${json(e.error)}`);
  }

  // --- revoke ---
  const rv = await admin.admin.apiKeys.revoke(min.key_details.id);
  checkApiKey(rv, 'revoke answer');
  check(rv.id === min.key_details.id && rv.name === min.key_details.name, 'revoke: answers the revoked key');
  check(rv.is_active === false, 'revoke: is_active false');
  const after = (await listAll(admin, { limit: 100 })).find((k) => k.id === rv.id);
  check(after !== undefined && after.is_active === false, 'revoke: the revoked key stays in the list, inactive');

  // Revoking again: 200 with the key, or 400/409 (both mean "revoked").
  const expectAgain = env.BOLTZ_EXPECT_REVOKE_AGAIN;
  let againStatus;
  try {
    const again = await admin.admin.apiKeys.revoke(rv.id);
    againStatus = 200;
    checkApiKey(again, 'revoke again answer');
    check(again.id === rv.id && again.is_active === false, 'revoke again: 200 with the key, inactive');
  } catch (e) {
    againStatus = e.status;
    check(e instanceof BadRequestError || e instanceof ConflictError,
      `revoke again: ${e.constructor.name} (${e.status}) is BadRequestError or ConflictError`);
    check(['bad_request', 'conflict'].includes(e.error?.code), `revoke again: code ${json(e.error?.code)}`);
  }
  console.log(`info revoke(already revoked) -> ${againStatus}`);
  if (expectAgain) check(String(againStatus) === expectAgain, `revoke again: status ${againStatus}, expected ${expectAgain}`);
  // With the SDK's default retries a 409 is retried (as "conflicting
  // concurrent request"), though here it means "already revoked".
  n0 = requests.length;
  const retrying = client(env.BOLTZ_API_KEY, { maxRetries: 2 });
  try { await retrying.admin.apiKeys.revoke(rv.id); } catch { /* judged above */ }
  const sent = requestsSince(n0, `POST /compute/v1/admin/api-keys/${rv.id}/revoke`);
  console.log(`info revoke(already revoked) with default maxRetries 2: ${sent} request(s)`);
  if (againStatus === 409) check(sent === 3, `SDK retries a 409 on revoke: ${sent} requests (expected 3)`);
  else check(sent === 1, `SDK does not retry a ${againStatus}: ${sent} request`);

  // --- errors ---
  const wrong = client(`sk_bc_admin_live_${'0'.repeat(48)}`);
  for (const [what, fn] of [
    ['list', () => wrong.admin.apiKeys.list({ limit: 1 })],
    ['create', () => wrong.admin.apiKeys.create({ name: `${marker} invalid` })],
    ['revoke', () => wrong.admin.apiKeys.revoke(fd.id)],
  ]) {
    const e = await expectError(`401 wrong key: ${what}`, fn, [AuthenticationError], ['unauthorized']);
    if (what === 'list' && e) console.log(`info wrong key -> ${e.constructor.name} ${e.status} ${json(e.error)} message ${json(e.message)}`);
  }
  await expectError('401 revoked key', () => client(min.key).admin.apiKeys.list({ limit: 1 }), [AuthenticationError], ['unauthorized']);

  const wsKey = env.BOLTZ_WORKSPACE_API_KEY || full.key;
  const ws = client(wsKey);
  for (const [what, fn] of [
    ['list', () => ws.admin.apiKeys.list({ limit: 1 })],
    ['create', () => ws.admin.apiKeys.create({ name: `${marker} invalid` })],
    ['revoke', () => ws.admin.apiKeys.revoke(fd.id)],
  ]) {
    const e = await expectError(`403 workspace key: ${what}`, fn, [PermissionDeniedError], ['forbidden']);
    if (what === 'list' && e) console.log(`info workspace key -> ${e.constructor.name} ${e.status} ${json(e.error)}`);
  }
  const stillActive = (await listAll(admin, { limit: 100 })).find((k) => k.id === fd.id);
  check(stillActive?.is_active === true, 'a workspace key\'s revoke attempt changed nothing');

  const nf = await expectError('404 revoke unknown id', () => admin.admin.apiKeys.revoke(`key_${marker}_missing`),
    [NotFoundError], ['not_found']);
  if (nf) console.log(`info unknown id -> ${nf.constructor.name} ${nf.status} ${json(nf.error)}`);

  // 422: the SDK validates nothing client-side, so each body reaches the
  // server; each answer must name the field in details.
  const invalid = [
    ['name missing', {}, 'name'],
    ['name empty', { name: '' }, 'name'],
    ['name 256 characters', { name: 'x'.repeat(256) }, 'name'],
    ['allowed_ips not an address', { name: `${marker} invalid`, allowed_ips: ['not-an-ip'] }, 'allowed_ips'],
    ['expires_in_days 0', { name: `${marker} invalid`, expires_in_days: 0 }, 'expires_in_days'],
    ['expires_in_days 366', { name: `${marker} invalid`, expires_in_days: 366 }, 'expires_in_days'],
    ['mode prod', { name: `${marker} invalid`, mode: 'prod' }, 'mode'],
    ['unknown field', { name: `${marker} invalid`, colour: 'blue' }, 'colour'],
  ];
  for (const [what, body, field] of invalid) {
    n0 = requests.length;
    const e = await expectError(`422 ${what}`, () => admin.admin.apiKeys.create(body), [UnprocessableEntityError], ['VALIDATION_ERROR']);
    check(requestsSince(n0, 'POST /compute/v1/admin/api-keys') === 1, `422 ${what}: the SDK sent it (no client-side validation)`);
    if (e?.error) {
      check(e.error.details !== undefined && json(e.error.details).includes(field), `422 ${what}: details name ${field} (${json(e.error.details)})`);
      if (what === 'name empty') console.log(`info invalid body -> ${e.constructor.name} ${e.status} ${json(e.error)} message ${json(e.message)}`);
    }
  }
  const leftovers = (await listAll(admin, { limit: 100 })).filter((k) => k.name === `${marker} invalid`);
  check(leftovers.length === 0, 'no rejected create made a key');

  console.log(`info requests sent: ${requests.length}`);
}

try {
  await main();
} catch (e) {
  console.error(`conformance: unexpected ${e?.constructor?.name}: ${e?.message}`);
  if (e?.error) console.error(`conformance: body ${JSON.stringify(e.error)}`);
  process.exit(2);
}
if (failures.length) {
  console.error(`\nconformance: ${failures.length} mismatch(es) between the SDK's view of the server and the contract:`);
  for (const f of failures) console.error(`  - ${f}`);
  process.exit(1);
}
console.log('\nconformance: the SDK agrees with the contract on every call');
