import { seedStore } from '../../src/sandbox/seed';
import type { SandboxStore } from '../../src/sandbox/store';

function depthOf(store: SandboxStore, taskId: string): number {
  const task = store.tasks.get(taskId)!;
  return task.subTaskIds.length === 0 ? 0 : 1 + Math.max(...task.subTaskIds.map((id) => depthOf(store, id)));
}

describe('the seed', () => {
  const store = seedStore({ seed: 42, tasks: 2000 });

  it('is deterministic for a seed and size, and differs for another seed', () => {
    const again = seedStore({ seed: 42, tasks: 2000 });
    expect([...again.tasks.keys()]).toEqual([...store.tasks.keys()]);
    expect(JSON.stringify([...again.tasks.values()].slice(0, 50))).toBe(JSON.stringify([...store.tasks.values()].slice(0, 50)));
    const other = seedStore({ seed: 7, tasks: 2000 });
    expect(other.account.id).not.toBe(store.account.id);
  });

  it('has the requested number of tasks', () => {
    expect(store.tasks.size).toBe(2000);
  });

  it('uses Wrike-looking ids: 16-character upper-case and 12-character mixed-case both occur', () => {
    const ids = [...store.tasks.keys(), ...store.folders.keys()];
    expect(ids.some((id) => /^[A-Z0-9]{16}$/.test(id))).toBe(true);
    expect(ids.some((id) => id.length === 12 && /[a-z]/.test(id))).toBe(true);
    expect(ids.every((id) => /^[A-Za-z0-9]{12}$|^[A-Z0-9]{16}$/.test(id))).toBe(true);
    expect([...store.contacts.keys()].every((id) => /^[A-Z0-9]{8}$/.test(id))).toBe(true);
  });

  it('nests sub-tasks at least 6 levels deep, with a task of two super-tasks and a task in two folders', () => {
    const deepest = Math.max(...[...store.tasks.values()].filter((t) => t.superTaskIds.length === 0).map((t) => depthOf(store, t.id)));
    expect(deepest).toBeGreaterThanOrEqual(6);
    expect([...store.tasks.values()].some((t) => t.superTaskIds.length === 2)).toBe(true);
    expect([...store.tasks.values()].some((t) => t.parentIds.length === 2)).toBe(true);
    // The link is two-way.
    for (const task of store.tasks.values()) {
      for (const sub of task.subTaskIds) expect(store.tasks.get(sub)!.superTaskIds).toContain(task.id);
    }
  });

  it('keeps every task status consistent with its custom status', () => {
    for (const task of store.tasks.values()) {
      expect(store.findCustomStatus(task.customStatusId)!.status.group).toBe(task.status);
    }
  });

  it('has users of every role and nested groups', () => {
    const people = [...store.contacts.values()].filter((c) => c.type === 'Person');
    const p = (test: (c: (typeof people)[number]) => boolean) => people.some(test);
    expect(p((c) => c.profiles[0]!.owner)).toBe(true);
    expect(p((c) => c.profiles[0]!.admin && !c.profiles[0]!.owner)).toBe(true);
    expect(p((c) => c.profiles[0]!.role === 'User' && !c.profiles[0]!.admin && !c.profiles[0]!.external)).toBe(true);
    expect(p((c) => c.profiles[0]!.role === 'Collaborator')).toBe(true);
    expect(p((c) => c.profiles[0]!.external)).toBe(true);
    expect(p((c) => c.deleted)).toBe(true);
    const groups = [...store.groups.values()];
    const grandchild = groups.find((g) => g.parentIds.some((parent) => store.groups.get(parent)!.parentIds.length > 0));
    expect(grandchild).toBeDefined();
  });

  it('has custom fields of every Wrike type with values on tasks, a few of them malformed', () => {
    const types = new Set([...store.customFields.values()].map((f) => f.type));
    expect(types.size).toBe(10);
    const valuesByType = new Map<string, string[]>();
    for (const task of store.tasks.values()) {
      for (const cf of task.customFields) {
        const type = store.customFields.get(cf.id)!.type;
        valuesByType.set(type, [...(valuesByType.get(type) ?? []), cf.value]);
      }
    }
    expect(valuesByType.size).toBe(10);
    expect(valuesByType.get('Numeric')!.some((v) => Number.isNaN(Number(v)))).toBe(true);
  });

  it('has several spaces with folder trees, projects, two or more workflows, comments and attachments', () => {
    expect(store.spaces.size).toBeGreaterThanOrEqual(3);
    expect([...store.folders.values()].some((f) => f.project)).toBe(true);
    expect(new Set([...store.folders.values()].map((f) => f.workflowId).filter(Boolean)).size).toBeGreaterThanOrEqual(2);
    expect(store.comments.size).toBeGreaterThan(100);
    expect([...store.attachments.values()].every((a) => a.bytes.length === a.size && a.size > 0)).toBe(true);
  });

  it('builds the large size of 50,000 tasks', () => {
    const large = seedStore({ seed: 42, tasks: 50000 });
    expect(large.tasks.size).toBe(50000);
    expect(large.contacts.size).toBeGreaterThan(300);
  });
});
