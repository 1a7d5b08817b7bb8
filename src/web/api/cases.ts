/**
 * The case API as the case pages call it: typed by the generated contract (src/web/api/schema.d.ts), so a URL,
 * parameter, body field or answer the server does not have fails the web's type check. Pages call these (or the
 * hooks below and in pages/cases/useCase.ts) instead of writing URLs. Form bodies are drafts (Draft<BodyOf<op>>):
 * the field names are checked here, the values by the server, which names each wrong field.
 */
import { useQuery } from '@tanstack/react-query';
import { postForBlob, uploadForm } from '../ui/binary.js';
import type { PageRequest } from '../ui/useKeysetList.js';
import { call, client, linkTo } from './client.js';
import type { BodyOf, Draft, QueryOf, ResponseOf } from './types.js';

const onCase = (id: string) => ({ params: { path: { id } } });

export type ConsentQuery = Omit<QueryOf<'consents.list'>, 'cursor'>;

export const casesApi = {
  get: (id: string) => call(client.GET('/api/cases/{id}', onCase(id))),
  create: (body: Draft<BodyOf<'cases.create'>>) =>
    call(client.POST('/api/cases', { body: body as BodyOf<'cases.create'> })),
  transition: (id: string, body: Draft<BodyOf<'cases.transition'>>) =>
    call(client.POST('/api/cases/{id}/transition', { ...onCase(id), body: body as BodyOf<'cases.transition'> })),
  addEvents: (id: string, body: Draft<BodyOf<'cases.events.add'>>) =>
    call(client.POST('/api/cases/{id}/events', { ...onCase(id), body: body as BodyOf<'cases.events.add'> })),
  addMember: (id: string, body: Draft<BodyOf<'cases.members.add'>>) =>
    call(client.POST('/api/cases/{id}/members', { ...onCase(id), body: body as BodyOf<'cases.members.add'> })),
  close: (id: string, body: Draft<BodyOf<'cases.close'>>) =>
    call(client.POST('/api/cases/{id}/close', { ...onCase(id), body: body as BodyOf<'cases.close'> })),
  approveClosure: (id: string, body: Draft<BodyOf<'cases.approveClosure'>>) =>
    call(
      client.POST('/api/cases/{id}/approve-closure', { ...onCase(id), body: body as BodyOf<'cases.approveClosure'> }),
    ),
  reopen: (id: string, body: Draft<BodyOf<'cases.reopen'>>) =>
    call(client.POST('/api/cases/{id}/reopen', { ...onCase(id), body: body as BodyOf<'cases.reopen'> })),
  transferLead: (id: string, body: Draft<BodyOf<'cases.transferLead'>>) =>
    call(client.POST('/api/cases/{id}/transfer-lead', { ...onCase(id), body: body as BodyOf<'cases.transferLead'> })),
  relatives: (id: string) => call(client.GET('/api/cases/{id}/relatives', onCase(id))),
  timeline: (id: string, page: PageRequest) =>
    call(client.GET('/api/cases/{id}/timeline', { params: { path: { id }, query: page } })),
  /** The case summary as a PDF (identity fields only when named, with a purpose). */
  summaryPdf: (id: string, body: Draft<BodyOf<'cases.summaryPdf'>>) =>
    postForBlob(linkTo('/api/cases/{id}/summary-pdf', { path: { id } }), body),

  tasks: (id: string) => call(client.GET('/api/cases/{id}/tasks', onCase(id))),
  createTask: (id: string, body: BodyOf<'tasks.create'>) =>
    call(client.POST('/api/cases/{id}/tasks', { ...onCase(id), body })),
  completeTask: (id: string, taskId: string) =>
    call(client.POST('/api/cases/{id}/tasks/{taskId}/complete', { params: { path: { id, taskId } } })),
  notes: (id: string, page: PageRequest) =>
    call(client.GET('/api/cases/{id}/notes', { params: { path: { id }, query: page } })),
  createNote: (id: string, body: BodyOf<'notes.create'>) =>
    call(client.POST('/api/cases/{id}/notes', { ...onCase(id), body })),

  questionnaires: () => call(client.GET('/api/assessments/questionnaires')),
  assessments: (id: string) =>
    call(client.GET('/api/cases/{id}/assessments', { params: { path: { id }, query: { limit: 200 } } })),
  createAssessment: (id: string, body: Draft<BodyOf<'assessments.create'>>) =>
    call(client.POST('/api/cases/{id}/assessments', { ...onCase(id), body: body as BodyOf<'assessments.create'> })),
  assessmentTrend: (id: string) => call(client.GET('/api/cases/{id}/assessments/trend', onCase(id))),

  attachments: (id: string) => call(client.GET('/api/cases/{id}/attachments', onCase(id))),
  /** A file upload (multipart: the kind first, then the file). */
  upload: (id: string, form: FormData) =>
    uploadForm<ResponseOf<'attachments.upload'>>(linkTo('/api/cases/{id}/attachments', { path: { id } }), form),
  /** An attachment's file (a download link; identifying ones go through downloadWithPurpose). */
  attachmentFile: (attachmentId: string) => linkTo('/api/attachments/{id}', { path: { id: attachmentId } }),
  downloadWithPurpose: (attachmentId: string, body: Draft<BodyOf<'attachments.downloadWithPurpose'>>) =>
    postForBlob(linkTo('/api/attachments/{id}/download', { path: { id: attachmentId } }), body),

  conferences: (id: string, page: PageRequest) =>
    call(client.GET('/api/cases/{id}/conferences', { params: { path: { id }, query: page } })),
  createConference: (id: string, body: Draft<BodyOf<'conferences.create'>>) =>
    call(client.POST('/api/cases/{id}/conferences', { ...onCase(id), body: body as BodyOf<'conferences.create'> })),
  completeActionItem: (conferenceId: string, itemId: string) =>
    call(
      client.POST('/api/conferences/{cid}/action-items/{aid}/complete', {
        params: { path: { cid: conferenceId, aid: itemId } },
      }),
    ),

  consents: (id: string, query: ConsentQuery & { cursor?: string }) =>
    call(client.GET('/api/cases/{id}/consents', { params: { path: { id }, query } })),
  createConsent: (id: string, body: Draft<BodyOf<'consents.create'>>) =>
    call(client.POST('/api/cases/{id}/consents', { ...onCase(id), body: body as BodyOf<'consents.create'> })),
  withdrawConsent: (consentId: string, body: BodyOf<'consents.withdraw'>) =>
    call(client.POST('/api/consents/{cid}/withdraw', { params: { path: { cid: consentId } }, body })),
  consentWording: (purpose: string) =>
    call(
      client.GET('/api/consents/wording', {
        params: { query: { purpose: purpose as QueryOf<'consents.wording'>['purpose'] } },
      }),
    ),

  services: (id: string) =>
    call(client.GET('/api/cases/{id}/services', { params: { path: { id }, query: { limit: 200 } } })),
  requestService: (id: string, body: Draft<BodyOf<'services.request'>>) =>
    call(client.POST('/api/cases/{id}/services', { ...onCase(id), body: body as BodyOf<'services.request'> })),
  updateService: (serviceId: string, body: Draft<BodyOf<'services.update'>>) =>
    call(
      client.PATCH('/api/services/{sid}', {
        params: { path: { sid: serviceId } },
        body: body as BodyOf<'services.update'>,
      }),
    ),
  shelterStays: (id: string) =>
    call(client.GET('/api/cases/{id}/shelter-stays', { params: { path: { id }, query: { limit: 50 } } })),
  admit: (id: string, body: Draft<BodyOf<'shelter.admit'>>) =>
    call(client.POST('/api/cases/{id}/shelter-stays', { ...onCase(id), body: body as BodyOf<'shelter.admit'> })),
  exitShelter: (stayId: string, body: Draft<BodyOf<'shelter.exit'>>) =>
    call(
      client.POST('/api/shelter-stays/{sid}/exit', {
        params: { path: { sid: stayId } },
        body: body as BodyOf<'shelter.exit'>,
      }),
    ),
  extendStay: (stayId: string, body: Draft<BodyOf<'shelter.extend'>>) =>
    call(
      client.PATCH('/api/shelter-stays/{sid}', {
        params: { path: { sid: stayId } },
        body: body as BodyOf<'shelter.extend'>,
      }),
    ),

  screeningTool: () => call(client.GET('/api/screening/tools/current')),
  screenings: (id: string) =>
    call(client.GET('/api/cases/{id}/screenings', { params: { path: { id }, query: { limit: 50 } } })),
  createScreening: (id: string, body: Draft<BodyOf<'screenings.create'>>) =>
    call(client.POST('/api/cases/{id}/screenings', { ...onCase(id), body: body as BodyOf<'screenings.create'> })),
  decideScreening: (screeningId: string, body: Draft<BodyOf<'screenings.decide'>>) =>
    call(
      client.POST('/api/screenings/{sid}/decide', {
        params: { path: { sid: screeningId } },
        body: body as BodyOf<'screenings.decide'>,
      }),
    ),
  approveScreening: (screeningId: string, body: Draft<BodyOf<'screenings.approve'>>) =>
    call(
      client.POST('/api/screenings/{sid}/approve', {
        params: { path: { sid: screeningId } },
        body: body as BodyOf<'screenings.approve'>,
      }),
    ),

  referrals: (id: string, page: PageRequest) =>
    call(client.GET('/api/cases/{id}/referrals', { params: { path: { id }, query: page } })),
  refer: (id: string, body: Draft<BodyOf<'referrals.create'>>) =>
    call(client.POST('/api/cases/{id}/referrals', { ...onCase(id), body: body as BodyOf<'referrals.create'> })),
};

export const personsApi = {
  get: (personId: string) => call(client.GET('/api/persons/{id}', onCase(personId))),
  /** Which identity fields are recorded (never their values: those are revealed one by one, with a purpose). */
  identityPresence: (personId: string) => call(client.GET('/api/persons/{id}/identity', onCase(personId))),
  reveal: (personId: string, body: Draft<BodyOf<'persons.identity.reveal'>>) =>
    call(
      client.POST('/api/persons/{id}/identity/reveal', {
        ...onCase(personId),
        body: body as BodyOf<'persons.identity.reveal'>,
      }),
    ),
  updateAge: (personId: string, body: Draft<BodyOf<'persons.age.update'>>) =>
    call(client.PATCH('/api/persons/{id}/age', { ...onCase(personId), body: body as BodyOf<'persons.age.update'> })),
  /** Possible matches for a person about to be recorded (the name travels in the body, never in the URL). */
  duplicates: (body: Draft<BodyOf<'persons.duplicates.check'>>) =>
    call(client.POST('/api/persons/duplicates/check', { body: body as BodyOf<'persons.duplicates.check'> })),
};

/** The case's service requests (every tab that shows them shares the cache entry). */
export function useCaseServices(id: string, enabled = true) {
  return useQuery({ queryKey: ['case', id, 'services'], queryFn: () => casesApi.services(id), enabled });
}

/** The case's active referral consents (what a referral may rest on). */
export function useReferralConsents(id: string, enabled = true) {
  return useQuery({
    queryKey: ['case', id, 'consents', 'referral-active'],
    queryFn: () => casesApi.consents(id, { purpose: 'referral', status: 'active', limit: 200 }),
    enabled,
  });
}

/** The case's attachments (the attachments tab and the consent evidence picker share the cache entry). */
export function useCaseAttachments(id: string) {
  return useQuery({ queryKey: ['case', id, 'attachments'], queryFn: () => casesApi.attachments(id) });
}

/** The current screening tool (versioned data: read once every ten minutes at most). */
export function useScreeningTool() {
  return useQuery({
    queryKey: ['screening', 'tool', 'current'],
    queryFn: casesApi.screeningTool,
    staleTime: 10 * 60_000,
  });
}

/** The case's screenings, latest first. */
export function useCaseScreenings(id: string) {
  return useQuery({ queryKey: ['case', id, 'screenings'], queryFn: () => casesApi.screenings(id) });
}

/** The case's family and contacts (a guardian who consents is named from them). */
export function useCaseRelatives(id: string, enabled = true) {
  return useQuery({ queryKey: ['case', id, 'relatives'], queryFn: () => casesApi.relatives(id), enabled });
}

/** The consent wording read out for a purpose (versioned text: read once an hour at most). */
export function useConsentWording(purpose: string | null) {
  return useQuery({
    queryKey: ['consents', 'wording', purpose],
    queryFn: () => casesApi.consentWording(purpose ?? ''),
    enabled: Boolean(purpose),
    staleTime: 60 * 60_000,
  });
}
