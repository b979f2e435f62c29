// An MLS (RFC 9420) peer backed by ts-mls, driven over stdin/stdout so that another
// implementation's tests can exchange real MLS messages with it.
//
// Transport: newline-delimited JSON. One request object per line on stdin, exactly one
// response object per line on stdout, in request order. Nothing else is written to
// stdout; diagnostics go to stderr. Binary values are lowercase hex strings. Epochs and
// leaf indexes are JSON numbers.
//
// Every request:  {"cmd": "<command>", "id": <any, optional, echoed back>, ...fields}
// Every response: {"id": <echoed if given>, "ok": true, ...result}
//              or {"id": <echoed if given>, "ok": false, "error": "<message>"}
// A failed request never ends the process and leaves the client's state unchanged.
//
// Set MLS_PEER_DEBUG=1 to get stack traces of ts-mls failures on stderr.
//
// Cipher suite: always MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519 (0x0001).
// A client is created on first use of its name. Its basic credential identity is the
// UTF-8 encoding of the name. Each client is a member of at most one group at a time
// (use several client names to take part in several groups).
//
// Commands:
//   keyPackage     {client, grease?: bool=false}
//                  -> {keyPackage: hex MLSMessage (wire format mls_key_package)}
//                  The private keys are kept; "join" picks the matching one.
//                  grease=true adds random GREASE values (RFC 9420 §13.5) to the capabilities.
//   createGroup    {client, groupId: hex}
//                  -> {groupId, epoch: 0, leafIndex: 0}
//   addMembers     {client, keyPackages: [hex MLSMessage], ratchetTreeExtension?: bool=false,
//                   publicMessage?: bool=false}
//                  -> {commit: hex MLSMessage, welcome: hex MLSMessage, ratchetTree: hex|null, epoch}
//                  ratchetTree is the TLS-encoded `optional<Node> ratchet_tree<V>` of the new
//                  epoch when it must travel out of band, null when ratchetTreeExtension=true
//                  put it in the GroupInfo inside the Welcome.
//   removeMembers  {client, leafIndexes: [int], publicMessage?: bool=false}
//                  -> {commit: hex MLSMessage, epoch}
//   commit         {client, keyPackages?: [hex], leafIndexes?: [int], ratchetTreeExtension?,
//                   publicMessage?}
//                  -> {commit, welcome: hex|null, ratchetTree: hex|null, epoch}
//                  General form of the two above; with no proposals it is an empty commit
//                  carrying an UpdatePath.
//   join           {client, welcome: hex MLSMessage, ratchetTree: hex|null}
//                  -> {groupId, epoch, leafIndex}
//   process        {client, message: hex MLSMessage (private or public message)}
//                  -> {kind: "application", plaintext: hex, epoch}
//                   | {kind: "commit", epoch, removed: bool}   (removed: this client left the group)
//                   | {kind: "proposal", epoch}
//   encrypt        {client, plaintext: hex, authenticatedData?: hex}
//                  -> {message: hex MLSMessage (wire format mls_private_message), epoch}
//   epochAuthenticator {client} -> {epochAuthenticator: hex, epoch}
//   exportSecret   {client, label: string, context: hex, length: int} -> {secret: hex, epoch}
//                  MLS-Exporter(label, context, length) of the current epoch.
//   groupContext   {client} -> {groupId, epoch, treeHash, confirmedTranscriptHash, cipherSuite: 1}
//   ratchetTree    {client} -> {ratchetTree: hex}  (the client's current tree, encoded as above)
//   members        {client} -> {members: [{leafIndex, identity: string, identityHex}], ownLeafIndex, epoch}
//   quit           {} -> {} then the process exits 0 (it also exits when stdin closes).

import { createInterface } from "node:readline";
import {
  acceptAll,
  createCommit,
  createApplicationMessage,
  createGroup,
  decodeMlsMessage,
  defaultCapabilities,
  defaultCryptoProvider,
  defaultLifetime,
  encodeMlsMessage,
  generateKeyPackage,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  joinGroup,
  makePskIndex,
  mlsExporter,
  processMessage,
} from "ts-mls";
import { encodeRatchetTree, decodeRatchetTree } from "ts-mls/ratchetTree.js";
import { makeKeyPackageRef } from "ts-mls/keyPackage.js";

const SUITE_NAME = "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519";
const SUITE_ID = 1;

const cs = await getCiphersuiteImpl(getCiphersuiteFromName(SUITE_NAME), defaultCryptoProvider);
const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

/** name -> {name, pending: [{publicPackage, privatePackage, ref: hex}], state: ClientState|undefined} */
const clients = new Map();

class RequestError extends Error {}

function fail(message) {
  throw new RequestError(message);
}

// ---------- field helpers ----------

function toHex(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

function hexValue(v, name) {
  if (typeof v !== "string" || v.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(v)) {
    fail(`${name} must be an even-length hex string`);
  }
  return new Uint8Array(Buffer.from(v, "hex"));
}

function hexField(req, name, { optional = false } = {}) {
  const v = req[name];
  if (v === undefined || v === null) {
    if (optional) return undefined;
    fail(`missing field '${name}' (hex string)`);
  }
  return hexValue(v, `field '${name}'`);
}

function stringField(req, name) {
  const v = req[name];
  if (typeof v !== "string" || v.length === 0) fail(`missing field '${name}' (non-empty string)`);
  return v;
}

function intField(req, name, { min = 0 } = {}) {
  const v = req[name];
  if (!Number.isSafeInteger(v) || v < min) fail(`field '${name}' must be an integer >= ${min}`);
  return v;
}

function boolField(req, name) {
  const v = req[name];
  if (v === undefined || v === null) return false;
  if (typeof v !== "boolean") fail(`field '${name}' must be a boolean`);
  return v;
}

function arrayField(req, name, { optional = false } = {}) {
  const v = req[name];
  if (v === undefined || v === null) {
    if (optional) return [];
    fail(`missing field '${name}' (array)`);
  }
  if (!Array.isArray(v)) fail(`field '${name}' must be an array`);
  return v;
}

function decodeWhole(bytes, what) {
  let res;
  try {
    res = decodeMlsMessage(bytes, 0);
  } catch (e) {
    fail(`cannot decode ${what}: ${e.message}`);
  }
  if (res === undefined) fail(`cannot decode ${what} as an MLSMessage`);
  const [msg, consumed] = res;
  if (consumed !== bytes.length) fail(`${what} has ${bytes.length - consumed} trailing bytes`);
  return msg;
}

function encodeMessage(msg) {
  return toHex(encodeMlsMessage(msg));
}

// ---------- client helpers ----------

function client(req) {
  const name = stringField(req, "client");
  let c = clients.get(name);
  if (c === undefined) {
    c = { name, pending: [], state: undefined };
    clients.set(name, c);
  }
  return c;
}

function groupState(c) {
  if (c.state === undefined) fail(`client '${c.name}' is not in a group`);
  return c.state;
}

function capabilities(grease) {
  if (grease) return defaultCapabilities();
  return {
    versions: ["mls10"],
    ciphersuites: [SUITE_NAME],
    extensions: [],
    proposals: [],
    credentials: ["basic"],
  };
}

async function newKeyPackage(c, grease) {
  const credential = { credentialType: "basic", identity: utf8.encode(c.name) };
  return generateKeyPackage(credential, capabilities(grease), defaultLifetime, [], cs);
}

function epochOf(state) {
  return Number(state.groupContext.epoch);
}

function memberKeyPackage(hex, i) {
  const bytes = hexValue(hex, `keyPackages[${i}]`);
  const msg = decodeWhole(bytes, `keyPackages[${i}]`);
  if (msg.wireformat !== "mls_key_package") fail(`keyPackages[${i}] is a ${msg.wireformat}, not a key package`);
  return msg.keyPackage;
}

async function commit(c, req) {
  const state = groupState(c);
  const keyPackages = arrayField(req, "keyPackages", { optional: true }).map(memberKeyPackage);
  const removed = arrayField(req, "leafIndexes", { optional: true }).map((v, i) => {
    if (!Number.isSafeInteger(v) || v < 0) fail(`leafIndexes[${i}] must be a non-negative integer`);
    return v;
  });
  const ratchetTreeExtension = boolField(req, "ratchetTreeExtension");
  const proposals = [
    ...keyPackages.map((keyPackage) => ({ proposalType: "add", add: { keyPackage } })),
    ...removed.map((leafIndex) => ({ proposalType: "remove", remove: { removed: leafIndex } })),
  ];
  const result = await createCommit(
    { state, cipherSuite: cs },
    { extraProposals: proposals, ratchetTreeExtension, wireAsPublicMessage: boolField(req, "publicMessage") },
  );
  c.state = result.newState;
  const welcome = result.welcome === undefined
    ? null
    : encodeMessage({ version: "mls10", wireformat: "mls_welcome", welcome: result.welcome });
  const ratchetTree = welcome === null || ratchetTreeExtension ? null : toHex(encodeRatchetTree(c.state.ratchetTree));
  return { commit: encodeMessage(result.commit), welcome, ratchetTree, epoch: epochOf(c.state) };
}

function members(state) {
  const out = [];
  state.ratchetTree.forEach((node, nodeIndex) => {
    if (nodeIndex % 2 !== 0 || node === undefined || node.nodeType !== "leaf") return;
    const cred = node.leaf.credential;
    const identityBytes = cred.credentialType === "basic" ? cred.identity : new Uint8Array();
    let identity;
    try {
      identity = utf8Decoder.decode(identityBytes);
    } catch {
      identity = null;
    }
    out.push({ leafIndex: nodeIndex / 2, identity, identityHex: toHex(identityBytes) });
  });
  return out;
}

// ---------- commands ----------

const commands = {
  async keyPackage(req) {
    const c = client(req);
    const kp = await newKeyPackage(c, boolField(req, "grease"));
    const ref = toHex(await makeKeyPackageRef(kp.publicPackage, cs.hash));
    c.pending.push({ ...kp, ref });
    return { keyPackage: encodeMessage({ version: "mls10", wireformat: "mls_key_package", keyPackage: kp.publicPackage }) };
  },

  async createGroup(req) {
    const c = client(req);
    if (c.state !== undefined) fail(`client '${c.name}' is already in a group`);
    const groupId = hexField(req, "groupId");
    if (groupId.length === 0) fail("groupId must not be empty");
    const kp = await newKeyPackage(c, false);
    c.state = await createGroup(groupId, kp.publicPackage, kp.privatePackage, [], cs);
    return { groupId: toHex(c.state.groupContext.groupId), epoch: epochOf(c.state), leafIndex: c.state.privatePath.leafIndex };
  },

  async addMembers(req) {
    const c = client(req);
    if (arrayField(req, "keyPackages").length === 0) fail("keyPackages must not be empty");
    if (req.leafIndexes !== undefined) fail("addMembers takes no leafIndexes; use 'commit'");
    return commit(c, req);
  },

  async removeMembers(req) {
    const c = client(req);
    if (arrayField(req, "leafIndexes").length === 0) fail("leafIndexes must not be empty");
    if (req.keyPackages !== undefined) fail("removeMembers takes no keyPackages; use 'commit'");
    const { commit: msg, epoch } = await commit(c, req);
    return { commit: msg, epoch };
  },

  async commit(req) {
    return commit(client(req), req);
  },

  async join(req) {
    const c = client(req);
    if (c.state !== undefined) fail(`client '${c.name}' is already in a group`);
    const msg = decodeWhole(hexField(req, "welcome"), "welcome");
    if (msg.wireformat !== "mls_welcome") fail(`welcome is a ${msg.wireformat}, not a welcome`);
    const welcome = msg.welcome;
    const treeBytes = hexField(req, "ratchetTree", { optional: true });
    let tree;
    if (treeBytes !== undefined) {
      const res = decodeRatchetTree(treeBytes, 0);
      if (res === undefined) fail("cannot decode ratchetTree");
      if (res[1] !== treeBytes.length) fail(`ratchetTree has ${treeBytes.length - res[1]} trailing bytes`);
      tree = res[0];
    }
    const refs = new Set(welcome.secrets.map((s) => toHex(s.newMember)));
    const index = c.pending.findIndex((p) => refs.has(p.ref));
    if (index < 0) fail(`welcome is not addressed to any key package of client '${c.name}'`);
    const kp = c.pending[index];
    c.state = await joinGroup(welcome, kp.publicPackage, kp.privatePackage, makePskIndex(undefined, {}), cs, tree);
    c.pending.splice(index, 1);
    return { groupId: toHex(c.state.groupContext.groupId), epoch: epochOf(c.state), leafIndex: c.state.privatePath.leafIndex };
  },

  async process(req) {
    const c = client(req);
    const state = groupState(c);
    const msg = decodeWhole(hexField(req, "message"), "message");
    let contentType;
    if (msg.wireformat === "mls_private_message") contentType = msg.privateMessage.contentType;
    else if (msg.wireformat === "mls_public_message") contentType = msg.publicMessage.content.contentType;
    else fail(`cannot process a ${msg.wireformat}`);
    const result = await processMessage(msg, state, makePskIndex(state, {}), acceptAll, cs);
    c.state = result.newState;
    if (result.kind === "applicationMessage") {
      return { kind: "application", plaintext: toHex(result.message), epoch: epochOf(c.state) };
    }
    if (contentType === "commit") {
      return { kind: "commit", epoch: epochOf(c.state), removed: c.state.groupActiveState.kind === "removedFromGroup" };
    }
    return { kind: contentType, epoch: epochOf(c.state) };
  },

  async encrypt(req) {
    const c = client(req);
    const state = groupState(c);
    const plaintext = hexField(req, "plaintext");
    const aad = hexField(req, "authenticatedData", { optional: true });
    const result = await createApplicationMessage(state, plaintext, cs, aad);
    c.state = result.newState;
    return {
      message: encodeMessage({ version: "mls10", wireformat: "mls_private_message", privateMessage: result.privateMessage }),
      epoch: epochOf(c.state),
    };
  },

  async epochAuthenticator(req) {
    const state = groupState(client(req));
    return { epochAuthenticator: toHex(state.keySchedule.epochAuthenticator), epoch: epochOf(state) };
  },

  async exportSecret(req) {
    const state = groupState(client(req));
    const label = typeof req.label === "string" ? req.label : fail("missing field 'label' (string)");
    const context = hexField(req, "context");
    const length = intField(req, "length", { min: 1 });
    if (length > 255 * 32) fail("length is too large for SHA-256 HKDF");
    const secret = await mlsExporter(state.keySchedule.exporterSecret, label, context, length, cs);
    return { secret: toHex(secret), epoch: epochOf(state) };
  },

  async groupContext(req) {
    const gc = groupState(client(req)).groupContext;
    return {
      groupId: toHex(gc.groupId),
      epoch: Number(gc.epoch),
      treeHash: toHex(gc.treeHash),
      confirmedTranscriptHash: toHex(gc.confirmedTranscriptHash),
      cipherSuite: SUITE_ID,
    };
  },

  async ratchetTree(req) {
    return { ratchetTree: toHex(encodeRatchetTree(groupState(client(req)).ratchetTree)) };
  },

  async members(req) {
    const state = groupState(client(req));
    return { members: members(state), ownLeafIndex: state.privatePath.leafIndex, epoch: epochOf(state) };
  },
};

// ---------- loop ----------

function write(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

async function handle(line) {
  let req;
  try {
    req = JSON.parse(line);
  } catch (e) {
    write({ ok: false, error: `invalid JSON: ${e.message}` });
    return false;
  }
  const id = req !== null && typeof req === "object" ? req.id : undefined;
  const reply = (obj) => write(id === undefined ? obj : { id, ...obj });
  if (req === null || typeof req !== "object" || Array.isArray(req)) {
    reply({ ok: false, error: "request must be a JSON object" });
    return false;
  }
  if (req.cmd === "quit") {
    reply({ ok: true });
    return true;
  }
  const fn = Object.hasOwn(commands, req.cmd) ? commands[req.cmd] : undefined;
  if (fn === undefined) {
    reply({ ok: false, error: `unknown cmd '${req.cmd}'` });
    return false;
  }
  try {
    const result = await fn(req);
    reply({ ok: true, ...result });
  } catch (e) {
    // Errors from ts-mls are reported with their class name so that callers can tell a
    // validation failure from a usage mistake.
    const prefix = e instanceof RequestError ? "" : `${e?.constructor?.name ?? "Error"}: `;
    if (process.env.MLS_PEER_DEBUG && !(e instanceof RequestError)) process.stderr.write(`${req.cmd}: ${e?.stack ?? e}\n`);
    reply({ ok: false, error: prefix + (e?.message ?? String(e)) });
  }
  return false;
}

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (line.trim() === "") continue;
  if (await handle(line)) break;
}
rl.close();
process.exit(0);
