"""Python peer of the metrics API (DynamoDB family): POST /activities as a seed project writes it.

Module-scope boto3 resource and table, JSON body parsed with Decimal, one put_item, a JSON answer.
boto3 from Debian's python3-boto3 predates AWS_ENDPOINT_URL_<SERVICE>, hence the explicit endpoint_url.
"""
import datetime
import json
import os
import uuid
from decimal import Decimal

import boto3

dynamodb = boto3.resource("dynamodb", endpoint_url=os.environ.get("AWS_ENDPOINT_URL_DYNAMODB"))
table = dynamodb.Table(os.environ["ACTIVITIES_TABLE"])


def handler(event, context):
    body = json.loads(event["body"], parse_float=Decimal)
    now = datetime.datetime.now(datetime.timezone.utc).isoformat()
    item = {**body, "id": str(uuid.uuid4()), "createdAt": now, "updatedAt": now}
    table.put_item(Item=item, ConditionExpression="attribute_not_exists(id)")
    return {
        "statusCode": 201,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(item, default=str),
    }
