import { bearer, localPerson } from '../../test-support/tokens';
import { catalogueProject, mapPipeline, recordRelease, uniquePipeline } from './support/delivery';
import { apiUrl } from './support/site';

const paulo = localPerson('paulo@runway.local');

it('smoke', async () => {
  const pipeline = uniquePipeline('smoke');
  const project = await catalogueProject(paulo, 'Smoke');
  await mapPipeline(paulo, pipeline, project.id);
  const day = new Date(Date.now() - 2 * 86_400_000);
  await recordRelease(pipeline, day);
  await recordRelease(pipeline, new Date(day.getTime() + 3_600_000), 'failed');
  const m = await fetch(`${apiUrl()}/delivery/metrics?pipeline=${pipeline}`, { headers: bearer(paulo) });
  console.log(m.status, await m.text());
  const r = await fetch(`${apiUrl()}/delivery/releases?pipeline=${pipeline}`, { headers: bearer(paulo) });
  console.log(r.status, await r.text());
});
