import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { readBoard } from '@archboard/shared';
import { eventually, providerClient, synced, type ProviderClient } from '../helpers/clients';
import { startCluster, type Cluster } from '../helpers/cluster';
import { createBoard } from '../helpers/server';
import { expectConverged, keepEditing, labelsOf } from '../helpers/workload';

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function clientsThroughNginx(c: Cluster, count: number) {
  const board = await createBoard(c);
  const clients: ProviderClient[] = [];
  for (let i = 0; i < count; i++) clients.push(providerClient(c.wsUrl, board.id, board.editToken));
  await Promise.all(clients.map((cl) => synced(cl)));
  return { board, clients };
}

describe('faults, with real processes: redis-server, nginx, several server instances', () => {
  it('F1 kill -9 of an instance: clients reconnect through nginx to a survivor, nothing is lost, all converge; again after its restart', async () => {
    cluster = await startCluster(2);
    const { clients } = await clientsThroughNginx(cluster, 4);
    const editors = clients.map((c, i) => keepEditing(c, `c${i}`));
    await sleep(600);
    const seenBeforeKill = [...labelsOf(clients[0]!.doc)]; // what client 0 had seen of everyone
    await cluster.kill(0);
    await sleep(1500);
    await cluster.restart(0);
    await sleep(1000);
    editors.forEach((e) => e.stop());
    const all = editors.flatMap((e) => e.labels);
    expect(all.length).toBeGreaterThan(100);
    await expectConverged(clients, all);
    expect(seenBeforeKill.every((l) => labelsOf(clients[1]!.doc).has(l))).toBe(true);
  });

  it('F2 redis-server restarts (append-only file) while clients edit through two instances: nothing is lost', async () => {
    cluster = await startCluster(2);
    const { clients } = await clientsThroughNginx(cluster, 4);
    const editors = clients.map((c, i) => keepEditing(c, `c${i}`));
    await sleep(500);
    await cluster.redis.stop();
    await sleep(800);
    await cluster.redis.start();
    await sleep(1500);
    editors.forEach((e) => e.stop());
    await expectConverged(
      clients,
      editors.flatMap((e) => e.labels),
    );
  });

  it('F3 Redis stopped for 10 s while clients edit on two instances: no crash, /readyz says not ready, all edits everywhere after', async () => {
    cluster = await startCluster(2);
    const board = await createBoard(cluster);
    const onOne = providerClient(cluster.servers[0]!.wsUrl, board.id, board.editToken);
    const onTwo = providerClient(cluster.servers[1]!.wsUrl, board.id, board.editToken);
    await Promise.all([synced(onOne), synced(onTwo)]);
    const editors = [keepEditing(onOne, 'one', 100), keepEditing(onTwo, 'two', 100)];
    await sleep(300);
    await cluster.redis.stop();
    await eventually(async () => expect((await fetch(`${cluster!.servers[0]!.url}/readyz`)).status).toBe(503));
    await sleep(10_000);
    await cluster.redis.start();
    await eventually(async () => expect((await fetch(`${cluster!.servers[1]!.url}/readyz`)).status).toBe(200));
    editors.forEach((e) => e.stop());
    await expectConverged(
      [onOne, onTwo],
      editors.flatMap((e) => e.labels),
    );
    for (const server of cluster.servers) expect((await fetch(`${server!.url}/healthz`)).ok).toBe(true);
  }, 60_000);

  it('F4 a lost pub/sub message: the instance whose subscriber dropped catches up from the log, clients converge without reload', async () => {
    cluster = await startCluster(2);
    const board = await createBoard(cluster);
    const onOne = providerClient(cluster.servers[0]!.wsUrl, board.id, board.editToken);
    const onTwo = providerClient(cluster.servers[1]!.wsUrl, board.id, board.editToken);
    await Promise.all([synced(onOne), synced(onTwo)]);
    const editor = keepEditing(onTwo, 'two', 5);
    await sleep(200);
    const admin = new Redis(cluster.redis.url);
    try {
      // drop instance 0's subscriber connection: frames published until it resubscribes are lost to it
      const list = (await admin.client('LIST')) as string;
      const line = list.split('\n').find((l) => l.includes('name=instance0') && / sub=[1-9]/.test(l));
      const id = /id=(\d+)/.exec(line ?? '')?.[1];
      expect(id).toBeDefined();
      await admin.client('KILL', 'ID', id!);
    } finally {
      admin.disconnect();
    }
    await sleep(500);
    editor.stop();
    await expectConverged([onOne, onTwo], editor.labels, 15_000);
    expect(cluster.servers[0]!.logs.some((l) => l.msg === 'caught up from the log')).toBe(true);
  });

  it('F5 presence of a dead instance’s clients is dropped on the others within 5 s', async () => {
    cluster = await startCluster(2);
    const board = await createBoard(cluster);
    const watcher = providerClient(cluster.servers[0]!.wsUrl, board.id, board.editToken);
    const doomed = providerClient(cluster.servers[1]!.wsUrl, board.id, board.editToken);
    await Promise.all([synced(watcher), synced(doomed)]);
    doomed.provider.awareness.setLocalStateField('user', { name: 'Doomed' });
    const names = () =>
      [...watcher.provider.awareness.getStates().values()].map((s) => (s as { user?: { name: string } }).user?.name);
    await eventually(() => expect(names()).toContain('Doomed'));
    doomed.provider.shouldConnect = false; // it must not reappear through another route
    const killedAt = Date.now();
    await cluster.kill(1);
    await eventually(() => expect(names()).not.toContain('Doomed'), 8000);
    expect(Date.now() - killedAt).toBeLessThan(5000);
    expect(readBoard(watcher.doc).title).toBeDefined();
  });

  it('F6 a Redis stall (SIGSTOP 5 s) is not a death: nobody’s presence is dropped, and edits made during it arrive after', async () => {
    cluster = await startCluster(2);
    const board = await createBoard(cluster);
    const watcher = providerClient(cluster.servers[0]!.wsUrl, board.id, board.editToken);
    const peer = providerClient(cluster.servers[1]!.wsUrl, board.id, board.editToken);
    await Promise.all([synced(watcher), synced(peer)]);
    peer.provider.awareness.setLocalStateField('user', { name: 'Peer' });
    const names = () =>
      [...watcher.provider.awareness.getStates().values()].map((s) => (s as { user?: { name: string } }).user?.name);
    await eventually(() => expect(names()).toContain('Peer'));
    const editor = keepEditing(peer, 'stall');
    let lost = 0;
    const sampler = setInterval(() => !names().includes('Peer') && lost++, 100);
    try {
      cluster.redis.pause();
      await sleep(5000);
      cluster.redis.resume();
      await sleep(4000); // past the heartbeats' lifetime and two presence checks
    } finally {
      clearInterval(sampler);
      cluster.redis.resume();
    }
    editor.stop();
    expect(lost).toBe(0);
    for (const server of cluster.servers) {
      expect(server!.logs.filter((l) => String(l.msg).startsWith('instance stopped'))).toEqual([]);
    }
    await expectConverged([watcher, peer], editor.labels, 15_000);
  }, 60_000);

  it('F7 a Redis outage is logged once at warn, then “recovered”, not once per retry', async () => {
    cluster = await startCluster(2);
    const board = await createBoard(cluster);
    const writer = providerClient(cluster.servers[0]!.wsUrl, board.id, board.editToken);
    const reader = providerClient(cluster.servers[1]!.wsUrl, board.id, board.editToken);
    await Promise.all([synced(writer), synced(reader)]);
    const editor = keepEditing(writer, 'outage');
    await cluster.redis.stop();
    await sleep(3000);
    await cluster.redis.start();
    await sleep(1500);
    editor.stop();
    await expectConverged([writer, reader], editor.labels, 20_000);
    const logs = cluster.servers[0]!.logs.filter((l) => l.board === board.id);
    const count = (msg: string) => logs.filter((l) => l.msg === msg).length;
    expect(count('store unavailable; holding updates and retrying')).toBe(1);
    expect(count('store recovered; held updates stored')).toBe(1);
    expect(logs.filter((l) => Number(l.level) >= 50)).toEqual([]); // nothing at error level for this board
  }, 60_000);
});
