import type { QueryResolvers, TimeLogResolvers, TimeLogUserTotalResolvers } from '../__generated__/resolvers-types';
import { billableOf, minutesOf } from '../../unified/timelog';
import { taskById, userById } from '../lookups';
import { fullTicket } from '../ticket-source';
import { requireId } from '../ids';
import { timeLogPage } from '../time-logs';

export const TimeLog: TimeLogResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.timelogs.load(id),
  ticket: async (log, _args, { loaders }) => {
    const task = await taskById(log.taskId, loaders);
    return task ? fullTicket(task) : null;
  },
  user: (log, _args, { loaders }) => userById(log.userId, loaders),
  minutes: (log) => minutesOf(log.hours),
  comment: (log) => log.comment ?? '',
  // A category the account no longer lists is left out rather than invented.
  category: async (log, _args, { loaders }) => (log.categoryId ? (await loaders.timelogCategories()).find((c) => c.id === log.categoryId) ?? null : null),
  billable: (log) => billableOf(log.billingType),
  createdAt: (log) => log.createdDate,
  updatedAt: (log) => log.updatedDate ?? null,
};

export const TimeLogUserTotal: TimeLogUserTotalResolvers = {
  user: (total, _args, { loaders }) => userById(total.userId, loaders),
};

export const timeLogQueries: Pick<QueryResolvers, 'timeLogs' | 'timeLog' | 'timeLogCategories'> = {
  timeLogs: (_parent, args, ctx) => timeLogPage(ctx, args.filter ?? {}, args, 'timeLogs'),
  timeLog: (_parent, { id }, { loaders }) => loaders.timelogs.load(requireId(id)),
  timeLogCategories: async (_parent, _args, { loaders }) => loaders.timelogCategories(),
};
