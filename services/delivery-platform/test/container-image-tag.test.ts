import { decideImageTag } from '../resources/container-image-tag';

const outputs = {
  FrontendRepositoryUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/runway-prod/frontend',
  BackendRepositoryUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/runway-prod/backend',
};

describe('the containers’ image tag, decided when deploying', () => {
  it('bootstraps a stage whose stack does not exist yet, without asking ECR', async () => {
    const hasLive = jest.fn(async () => true);
    await expect(decideImageTag({ outputs: undefined, hasLive })).resolves.toBe('bootstrap');
    expect(hasLive).not.toHaveBeenCalled();
  });

  it('bootstraps until both repositories hold a live image', async () => {
    const only = (name: string) => async (repository: string) => repository === name;
    await expect(decideImageTag({ outputs, hasLive: only('runway-prod/frontend') })).resolves.toBe('bootstrap');
    await expect(decideImageTag({ outputs, hasLive: only('runway-prod/backend') })).resolves.toBe('bootstrap');
    await expect(
      decideImageTag({ outputs: { FrontendRepositoryUri: outputs.FrontendRepositoryUri }, hasLive: async () => true }),
    ).resolves.toBe('bootstrap');
  });

  it('runs the live images once both exist', async () => {
    const asked: string[] = [];
    const hasLive = async (repository: string) => {
      asked.push(repository);
      return true;
    };
    await expect(decideImageTag({ outputs, hasLive })).resolves.toBe('live');
    expect(asked).toEqual(['runway-prod/frontend', 'runway-prod/backend']);
  });
});
