// Types of container-image-tag.js, which osls loads as plain CommonJS when resolving variables.
export function decideImageTag(settings: {
  outputs: Record<string, string> | undefined;
  hasLive: (repositoryName: string) => Promise<boolean>;
}): Promise<'live' | 'bootstrap'>;
