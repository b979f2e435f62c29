// Self-test of peer.mjs: drives three ts-mls clients through the whole protocol and
// exits non-zero on the first failed check. Run with `node selftest.mjs`.

import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";

const peerPath = fileURLToPath(new URL("./peer.mjs", import.meta.url));

/** Talks to one peer process; requests are answered in order, matched by id. */
class Peer {
  constructor() {
    this.child = spawn(process.execPath, [peerPath], { stdio: ["pipe", "pipe", "inherit"] });
    this.nextId = 1;
    this.waiting = new Map();
    this.exit = new Promise((resolve) =>
      this.child.on("exit", (code) => {
        for (const pending of this.waiting.values()) pending({ ok: false, error: `peer exited (${code})`, died: true });
        this.waiting.clear();
        resolve(code);
      }),
    );
    const rl = createInterface({ input: this.child.stdout });
    rl.on("line", (line) => {
      const res = JSON.parse(line);
      const pending = this.waiting.get(res.id);
      if (pending === undefined) throw new Error(`unexpected response: ${line}`);
      this.waiting.delete(res.id);
      pending(res);
    });
  }

  /** Sends a request and returns the raw response (ok true or false). */
  raw(cmd, fields = {}) {
    const id = this.nextId++;
    const answer = new Promise((resolve) => this.waiting.set(id, resolve));
    this.child.stdin.write(JSON.stringify({ id, cmd, ...fields }) + "\n");
    return answer;
  }

  /** Sends a request that must succeed and returns its result fields (without id and ok). */
  async call(cmd, fields = {}) {
    const res = await this.raw(cmd, fields);
    assert.equal(res.ok, true, `${cmd} ${JSON.stringify(fields).slice(0, 200)} failed: ${res.error}`);
    const { id: _id, ok: _ok, ...result } = res;
    return result;
  }

  /** Sends a request that must fail and returns its error message. */
  async refuse(cmd, fields = {}) {
    const res = await this.raw(cmd, fields);
    assert.equal(res.ok, false, `${cmd} was expected to fail`);
    assert.notEqual(res.died, true, `peer died on ${cmd}: ${res.error}`);
    assert.equal(typeof res.error, "string");
    return res.error;
  }

  sendRaw(line) {
    this.child.stdin.write(line + "\n");
  }
}

const hex = (s) => Buffer.from(s, "utf8").toString("hex");
let checks = 0;
function step(name) {
  checks++;
  process.stdout.write(`ok ${checks} - ${name}\n`);
}

async function sameKeySchedule(peer, clients, label) {
  const ctx = hex("interop-context");
  const results = [];
  for (const client of clients) {
    const auth = await peer.call("epochAuthenticator", { client });
    const exp = await peer.call("exportSecret", { client, label: "passerelle test", context: ctx, length: 32 });
    const gc = await peer.call("groupContext", { client });
    const tree = await peer.call("ratchetTree", { client });
    assert.match(auth.epochAuthenticator, /^[0-9a-f]{64}$/);
    assert.match(exp.secret, /^[0-9a-f]{64}$/);
    assert.equal(gc.cipherSuite, 1);
    results.push({ auth: auth.epochAuthenticator, exp: exp.secret, gc, tree: tree.ratchetTree });
  }
  for (const r of results.slice(1)) {
    assert.equal(r.auth, results[0].auth, `${label}: epoch authenticators differ`);
    assert.equal(r.exp, results[0].exp, `${label}: exported secrets differ`);
    assert.deepEqual(r.gc, results[0].gc, `${label}: group contexts differ`);
    assert.equal(r.tree, results[0].tree, `${label}: ratchet trees differ`);
  }
  step(`${label}: ${clients.join(", ")} agree on epoch ${results[0].gc.epoch} (authenticator, exporter, context, tree)`);
  return results[0];
}

async function exchange(peer, from, to, text) {
  const sent = await peer.call("encrypt", { client: from, plaintext: hex(text) });
  const msg = Buffer.from(sent.message, "hex");
  assert.equal(msg.readUInt16BE(0), 1, "MLSMessage version must be mls10");
  assert.equal(msg.readUInt16BE(2), 2, "application messages must be mls_private_message");
  for (const receiver of to) {
    const got = await peer.call("process", { client: receiver, message: sent.message });
    assert.equal(got.kind, "application");
    assert.equal(got.plaintext, hex(text));
    assert.equal(got.epoch, sent.epoch);
  }
  step(`${from} -> ${to.join(", ")}: "${text}"`);
}

async function main() {
  const peer = new Peer();
  const groupId = hex("interop-group-1");

  // --- A creates the group and adds B; the tree travels out of band ---
  const kpB = await peer.call("keyPackage", { client: "B" });
  const kpBytes = Buffer.from(kpB.keyPackage, "hex");
  assert.equal(kpBytes.readUInt16BE(0), 1, "version mls10");
  assert.equal(kpBytes.readUInt16BE(2), 5, "wire format mls_key_package");
  assert.equal(kpBytes.readUInt16BE(4), 1, "KeyPackage version mls10");
  assert.equal(kpBytes.readUInt16BE(6), 1, "cipher suite 1");
  step("B publishes a KeyPackage (mls_key_package, suite 1)");

  const created = await peer.call("createGroup", { client: "A", groupId });
  assert.deepEqual({ groupId: created.groupId, epoch: created.epoch, leafIndex: created.leafIndex }, { groupId, epoch: 0, leafIndex: 0 });
  await peer.refuse("createGroup", { client: "A", groupId });
  step("A creates the group at epoch 0");

  const add1 = await peer.call("addMembers", { client: "A", keyPackages: [kpB.keyPackage] });
  assert.equal(add1.epoch, 1);
  assert.match(add1.commit, /^00010002/, "commits are PrivateMessages by default");
  assert.match(add1.welcome, /^00010003/, "welcome is mls_welcome");
  assert.match(add1.ratchetTree, /^[0-9a-f]+$/, "tree must travel out of band by default");
  step("A commits Add(B): commit, welcome and out-of-band ratchet tree");

  const errNoTree = await peer.refuse("join", { client: "B", welcome: add1.welcome, ratchetTree: null });
  assert.match(errNoTree, /RatchetTree|ratchet_tree/);
  step("B cannot join without the ratchet tree when it is not in the GroupInfo");

  const joinedB = await peer.call("join", { client: "B", welcome: add1.welcome, ratchetTree: add1.ratchetTree });
  assert.deepEqual({ groupId: joinedB.groupId, epoch: joinedB.epoch, leafIndex: joinedB.leafIndex }, { groupId, epoch: 1, leafIndex: 1 });
  step("B joins from the Welcome at epoch 1, leaf 1");

  const epoch1 = await sameKeySchedule(peer, ["A", "B"], "after Add(B)");
  const members1 = await peer.call("members", { client: "B" });
  assert.deepEqual(members1.members, [
    { leafIndex: 0, identity: "A", identityHex: hex("A") },
    { leafIndex: 1, identity: "B", identityHex: hex("B") },
  ]);
  assert.equal(members1.ownLeafIndex, 1);
  step("members lists A at leaf 0 and B at leaf 1");

  await exchange(peer, "A", ["B"], "hello B");
  await exchange(peer, "B", ["A"], "hello A");
  await exchange(peer, "A", ["B"], "second message from A");

  // --- B adds C with the tree inside the GroupInfo ---
  const kpC = await peer.call("keyPackage", { client: "C", grease: true });
  const add2 = await peer.call("addMembers", { client: "B", keyPackages: [kpC.keyPackage], ratchetTreeExtension: true });
  assert.equal(add2.epoch, 2);
  assert.equal(add2.ratchetTree, null, "tree is in the GroupInfo extension");
  const procA2 = await peer.call("process", { client: "A", message: add2.commit });
  assert.deepEqual(procA2, { kind: "commit", epoch: 2, removed: false });
  const joinedC = await peer.call("join", { client: "C", welcome: add2.welcome, ratchetTree: null });
  assert.equal(joinedC.epoch, 2);
  assert.equal(joinedC.leafIndex, 2);
  step("B commits Add(C) with ratchet_tree in the GroupInfo; A processes it; C (GREASE capabilities) joins");

  const epoch2 = await sameKeySchedule(peer, ["A", "B", "C"], "after Add(C)");
  assert.notEqual(epoch2.exp, epoch1.exp, "exporter must change with the epoch");
  assert.notEqual(epoch2.auth, epoch1.auth, "authenticator must change with the epoch");

  await exchange(peer, "C", ["A", "B"], "hello from C");
  await exchange(peer, "A", ["B", "C"], "hello everyone");

  // --- empty commit (UpdatePath only) as a PublicMessage ---
  const empty = await peer.call("commit", { client: "C", publicMessage: true });
  assert.equal(empty.welcome, null);
  assert.equal(empty.ratchetTree, null);
  assert.match(empty.commit, /^00010001/, "publicMessage=true gives mls_public_message");
  for (const client of ["A", "B"]) {
    const r = await peer.call("process", { client, message: empty.commit });
    assert.equal(r.kind, "commit");
    assert.equal(r.epoch, 3);
  }
  step("C's empty public commit is processed by A and B");
  await sameKeySchedule(peer, ["A", "B", "C"], "after C's update");

  // --- A removes C ---
  const rm = await peer.call("removeMembers", { client: "A", leafIndexes: [2] });
  assert.equal(rm.epoch, 4);
  assert.deepEqual(Object.keys(rm).sort(), ["commit", "epoch"]);
  const procB4 = await peer.call("process", { client: "B", message: rm.commit });
  assert.equal(procB4.kind, "commit");
  assert.equal(procB4.removed, false);
  const procC4 = await peer.call("process", { client: "C", message: rm.commit });
  assert.equal(procC4.kind, "commit");
  assert.equal(procC4.removed, true);
  step("A commits Remove(C); B stays, C learns it was removed");

  await sameKeySchedule(peer, ["A", "B"], "after Remove(C)");
  const members4 = await peer.call("members", { client: "A" });
  assert.deepEqual(members4.members.map((m) => m.identity), ["A", "B"]);
  await peer.refuse("encrypt", { client: "C", plaintext: hex("still here?") });
  await exchange(peer, "B", ["A"], "just us again");
  step("C can no longer send; A and B still talk");

  // --- errors do not kill the peer and do not change state ---
  assert.match(await peer.refuse("process", { client: "A", message: "00" }), /decode/);
  assert.match(await peer.refuse("process", { client: "A", message: "zz" }), /hex/);
  assert.match(await peer.refuse("join", { client: "D", welcome: add1.welcome, ratchetTree: add1.ratchetTree }), /not addressed/);
  assert.match(await peer.refuse("frobnicate", { client: "A" }), /unknown cmd/);
  assert.match(await peer.refuse("exportSecret", { client: "A", context: "", length: 8 }), /label/);
  const replay = await peer.call("encrypt", { client: "A", plaintext: hex("once") });
  await peer.call("process", { client: "B", message: replay.message });
  await peer.refuse("process", { client: "B", message: replay.message });
  const garbage = new Promise((resolve) => {
    peer.waiting.set(undefined, resolve);
  });
  peer.sendRaw("this is not json");
  const garbageRes = await garbage;
  assert.equal(garbageRes.ok, false);
  await sameKeySchedule(peer, ["A", "B"], "after refused requests");
  await exchange(peer, "A", ["B"], "still fine");
  step("malformed, misaddressed and replayed input is refused without exiting");

  const bye = await peer.raw("quit");
  assert.equal(bye.ok, true);
  assert.equal(await peer.exit, 0);
  step("quit ends the peer with status 0");
  process.stdout.write(`all ${checks} checks passed\n`);
}

main().catch((e) => {
  process.stderr.write(`FAILED: ${e.stack ?? e}\n`);
  process.exit(1);
});
