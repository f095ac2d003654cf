import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, json } from '@shared/http/http-handler';
import { createProject } from '../catalogue/catalogue-service';
import validate from '../catalogue/generated/project-create-event';
import { MAX_BODY_BYTES } from '../limits';
import { catalogueStore } from '../wiring';
import { API_ERRORS } from './api-handler';

/** POST /catalogue/projects (managers): a project under `customerId`. */
export const handler = httpHandler(
  async (event) => {
    const project = await createProject(catalogueStore, callerOf(event), event.body, new Date());
    return json(201, project, { Location: `/catalogue/projects/${project.id}` });
  },
  { ...API_ERRORS, jsonBodyMaxBytes: MAX_BODY_BYTES, validate },
);
