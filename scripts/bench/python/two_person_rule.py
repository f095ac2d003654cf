"""Python peer of the two-person rule (CodePipeline job + DynamoDB query).

GetJobDetails, ListActionExecutions, the gateway audit from DynamoDB, then PutJobSuccessResult.
"""
import os

import boto3
from boto3.dynamodb.conditions import Attr, Key

codepipeline = boto3.client("codepipeline", endpoint_url=os.environ.get("AWS_ENDPOINT_URL_CODEPIPELINE"))
dynamodb = boto3.resource("dynamodb", endpoint_url=os.environ.get("AWS_ENDPOINT_URL_DYNAMODB"))
table = dynamodb.Table(os.environ["APPROVALS_TABLE"])


def handler(event, context):
    job_id = event["CodePipeline.job"]["id"]
    details = codepipeline.get_job_details(jobId=job_id)["jobDetails"]["data"]["pipelineContext"]
    runs = codepipeline.list_action_executions(
        pipelineName=details["pipelineName"],
        filter={"pipelineExecutionId": details["pipelineExecutionId"]},
    )["actionExecutionDetails"]
    audit = table.query(
        IndexName="byExecution",
        KeyConditionExpression=Key("executionId").eq(details["pipelineExecutionId"]),
        FilterExpression=Attr("recordType").eq("decision") & Attr("outcome").eq("accepted"),
    )["Items"]
    approvers = {item["approver"] for item in audit} | {run.get("updatedBy", "").split("/")[-1] for run in runs}
    codepipeline.put_job_success_result(jobId=job_id, executionDetails={"summary": ", ".join(sorted(approvers))})
    return {"approvers": len(approvers)}
