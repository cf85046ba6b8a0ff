import type {
  AccessRole, Account, Attachment, Comment, Contact, Dependency, CustomField, Folder, Group, Space, Task, Timelog, TimelogCategory, Webhook, Workflow,
} from './model';
import { IdFactory } from './ids';

/** The sandbox's in-memory account: every entity by id, plus the relations Wrike derives from them. */
export class SandboxStore {
  readonly tasks = new Map<string, Task>();
  readonly folders = new Map<string, Folder>();
  readonly spaces = new Map<string, Space>();
  readonly contacts = new Map<string, Contact>();
  readonly groups = new Map<string, Group>();
  readonly comments = new Map<string, Comment>();
  readonly dependencies = new Map<string, Dependency>();
  readonly timelogs = new Map<string, Timelog>();
  readonly timelogCategories = new Map<string, TimelogCategory>();
  readonly attachments = new Map<string, Attachment>();
  readonly customFields = new Map<string, CustomField>();
  readonly workflows = new Map<string, Workflow>();
  readonly accessRoles = new Map<string, AccessRole>();
  readonly webhooks = new Map<string, Webhook>();
  /** Ids of the user whose token is the seeded default. */
  ownerId = '';
  private permalinkCounter = 800000000;

  constructor(
    readonly account: Account,
    readonly ids: IdFactory,
  ) {}

  nextPermalink(): string {
    this.permalinkCounter += 7;
    return `https://www.wrike.com/open.htm?id=${this.permalinkCounter}`;
  }

  /** Every ancestor folder of a folder (nearest first), following parentIds, each once. */
  folderAncestors(folderId: string): string[] {
    return this.walkFolders(folderId, (folder) => folder.parentIds);
  }

  /** Every folder below a folder, each once. */
  folderDescendants(folderId: string): string[] {
    return this.walkFolders(folderId, (folder) => folder.childIds);
  }

  /** Breadth-first from a folder along `next` links, each folder once, the start left out. */
  private walkFolders(folderId: string, next: (folder: Folder) => string[]): string[] {
    const out: string[] = [];
    const seen = new Set<string>([folderId]);
    let frontier = [folderId];
    while (frontier.length > 0) {
      const following: string[] = [];
      for (const id of frontier) {
        const folder = this.folders.get(id);
        for (const linked of folder ? next(folder) : []) {
          if (!seen.has(linked)) {
            seen.add(linked);
            out.push(linked);
            following.push(linked);
          }
        }
      }
      frontier = following;
    }
    return out;
  }

  /** The folders a task lives in, directly or (for sub-tasks) through its super-tasks. */
  taskFolderIds(task: Task): string[] {
    return [...new Set([...task.parentIds, ...task.superParentIds])];
  }

  /** Recomputes superParentIds of a task and its whole sub-tree from its super-tasks. */
  refreshSuperParents(taskId: string, seen = new Set<string>()): void {
    if (seen.has(taskId)) return;
    seen.add(taskId);
    const task = this.tasks.get(taskId);
    if (!task) return;
    const inherited = new Set<string>();
    for (const superId of task.superTaskIds) {
      const parent = this.tasks.get(superId);
      if (!parent) continue;
      for (const folder of this.taskFolderIds(parent)) inherited.add(folder);
    }
    for (const own of task.parentIds) inherited.delete(own);
    task.superParentIds = [...inherited];
    for (const child of task.subTaskIds) this.refreshSuperParents(child, seen);
  }

  /** True when `candidate` is `taskId` or one of its descendants (used to refuse cycles). */
  isSameOrDescendant(taskId: string, candidate: string): boolean {
    const seen = new Set<string>();
    const stack = [taskId];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (id === candidate) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(this.tasks.get(id)?.subTaskIds ?? []));
    }
    return false;
  }

  /** The workflow that governs tasks in a folder: the folder's own, else its nearest ancestor's, else the default. */
  workflowForFolder(folderId: string): Workflow {
    for (const id of [folderId, ...this.folderAncestors(folderId)]) {
      const workflow = this.workflows.get(this.folders.get(id)?.workflowId ?? '');
      if (workflow) return workflow;
    }
    return this.defaultWorkflow();
  }

  workflowForTask(task: Task): Workflow {
    const folder = this.taskFolderIds(task)[0];
    return folder ? this.workflowForFolder(folder) : this.defaultWorkflow();
  }

  defaultWorkflow(): Workflow {
    for (const workflow of this.workflows.values()) if (workflow.standard) return workflow;
    throw new Error('the sandbox has no standard workflow');
  }

  findCustomStatus(statusId: string): { workflow: Workflow; status: Workflow['customStatuses'][number] } | undefined {
    for (const workflow of this.workflows.values()) {
      const status = workflow.customStatuses.find((s) => s.id === statusId);
      if (status) return { workflow, status };
    }
    return undefined;
  }

  /** The space a folder belongs to (itself when it is a space). */
  spaceOfFolder(folderId: string): string | undefined {
    for (const id of [folderId, ...this.folderAncestors(folderId)]) {
      if (this.folders.get(id)?.space) return id;
    }
    return undefined;
  }

  activePeople(): Contact[] {
    return [...this.contacts.values()].filter((c) => c.type === 'Person' && !c.deleted);
  }
}
