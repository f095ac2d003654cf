/** SNS subjects are ASCII, single-line and at most 100 characters. */
const MAX_SUBJECT = 100;

export interface ImageAlert {
  subject: string;
  message: string;
}

export interface ImageAlertFacts {
  imagePipelineName: string;
  pipelineName: string;
  imageArn: string;
  problem: string;
  reason?: string;
}

function asciiLine(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, ' ').slice(0, MAX_SUBJECT);
}

/** A plain-text alert a person can act on from an email: what happened, to which image, and what did not start. */
export function imageAlert(facts: ImageAlertFacts): ImageAlert {
  const lines = [
    `Image pipeline ${facts.imagePipelineName}: ${facts.problem}.`,
    '',
    `Image:    ${facts.imageArn}`,
    `Reason:   ${facts.reason ?? 'not given'}`,
    `Pipeline: ${facts.pipelineName} was NOT started for this image.`,
    '',
    'Check the image in the EC2 Image Builder console, fix the cause, and run the image pipeline again.',
  ];
  return {
    subject: asciiLine(`Runway: ${facts.problem} (${facts.imagePipelineName})`),
    message: lines.join('\n'),
  };
}
