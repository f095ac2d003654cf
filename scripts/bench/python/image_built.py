"""Python peer of onImageBuilt (SNS in, CodePipeline + SNS clients): start the pipeline of an available image.

Debian's boto3 (1.26) predates StartPipelineExecution's `variables`; the peer sends the idempotency token only.
"""
import hashlib
import json
import os

import boto3

codepipeline = boto3.client("codepipeline", endpoint_url=os.environ.get("AWS_ENDPOINT_URL_CODEPIPELINE"))
sns = boto3.client("sns", endpoint_url=os.environ.get("AWS_ENDPOINT_URL_SNS"))
TARGETS = dict(entry.split("=") for entry in os.environ["IMAGE_PIPELINE_TARGETS"].split(","))


def handler(event, context):
    started = 0
    for record in event["Records"]:
        image = json.loads(record["Sns"]["Message"])
        pipeline = TARGETS.get(image["sourcePipelineArn"].split("/")[-1])
        if image["state"]["status"] == "AVAILABLE" and pipeline:
            codepipeline.start_pipeline_execution(
                name=pipeline, clientRequestToken=hashlib.sha256(image["arn"].encode()).hexdigest()
            )
            started += 1
        elif image["state"]["status"] == "FAILED":
            sns.publish(TopicArn=os.environ["ALERTS_TOPIC_ARN"], Message="Image build failed: " + image["arn"])
    return {"processed": len(event["Records"]), "started": started}
