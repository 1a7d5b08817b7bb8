/**
 * The case API as the case pages call it: typed by the generated contract (src/web/api/schema.d.ts), so a URL,
 * parameter, body field or answer the server does not have fails the web's type check. Pages call these (or
 * the hooks in useCase.ts) instead of writing URLs inline.
 */
import { call, client } from '../../api/client.js';
import type { BodyOf } from '../../api/types.js';

const onCase = (id: string) => ({ params: { path: { id } } });

export const casesApi = {
  get: (id: string) => call(client.GET('/api/cases/{id}', onCase(id))),
  tasks: (id: string) => call(client.GET('/api/cases/{id}/tasks', onCase(id))),
  createTask: (id: string, body: BodyOf<'tasks.create'>) =>
    call(client.POST('/api/cases/{id}/tasks', { ...onCase(id), body })),
  completeTask: (id: string, taskId: string) =>
    call(client.POST('/api/cases/{id}/tasks/{taskId}/complete', { params: { path: { id, taskId } } })),
  createNote: (id: string, body: BodyOf<'notes.create'>) =>
    call(client.POST('/api/cases/{id}/notes', { ...onCase(id), body })),
  questionnaires: () => call(client.GET('/api/assessments/questionnaires')),
};
