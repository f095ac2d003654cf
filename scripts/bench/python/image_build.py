"""Python peer of the image builds (Image Builder + CodePipeline): start an image pipeline for a job.

StartImagePipelineExecution with the job id as client token, then PutJobSuccessResult.
"""
import json
import os

import boto3

imagebuilder = boto3.client("imagebuilder", endpoint_url=os.environ.get("AWS_ENDPOINT_URL_IMAGEBUILDER"))
codepipeline = boto3.client("codepipeline", endpoint_url=os.environ.get("AWS_ENDPOINT_URL_CODEPIPELINE"))


def handler(event, context):
    job = event["CodePipeline.job"]
    parameters = json.loads(job["data"]["actionConfiguration"]["configuration"]["UserParameters"])
    started = imagebuilder.start_image_pipeline_execution(
        imagePipelineArn=parameters["imagePipelineArn"], clientToken=job["id"][:36]
    )
    codepipeline.put_job_success_result(
        jobId=job["id"], outputVariables={"IMAGE_BUILD_VERSION_ARN": started["imageBuildVersionArn"]}
    )
    return {"imageBuildVersionArn": started["imageBuildVersionArn"]}
