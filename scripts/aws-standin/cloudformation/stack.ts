/** A CloudFormation stack as the stand-in keeps it. */

export interface Template {
  AWSTemplateFormatVersion?: string;
  Description?: string;
  Parameters?: Record<
    string,
    { Type?: string; Default?: unknown; NoEcho?: unknown; Description?: string; AllowedValues?: unknown[] }
  >;
  Conditions?: Record<string, unknown>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Resources?: Record<string, TemplateResource>;
  Outputs?: Record<string, { Value?: unknown; Description?: string; Condition?: string; Export?: { Name?: unknown } }>;
  Transform?: unknown;
}

export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: unknown;
}

export interface StackParameter {
  ParameterKey: string;
  ParameterValue: string;
}

export interface StackResource {
  logicalId: string;
  type: string;
  physicalId: string;
  /** What `Fn::GetAtt` gives (Arn, DomainName...). */
  attributes: Record<string, unknown>;
  /** Properties with every intrinsic function resolved. */
  properties: Record<string, unknown>;
  deletionPolicy?: string;
  status: string;
  lastUpdated: Date;
  /** The name the template gave it (TableName, BucketName...), which blocks other resources of that name. */
  explicitName?: string;
}

export interface StackEvent {
  EventId: string;
  StackId: string;
  StackName: string;
  LogicalResourceId: string;
  PhysicalResourceId: string;
  ResourceType: string;
  Timestamp: Date;
  ResourceStatus: string;
  ResourceStatusReason?: string;
  ResourceProperties?: string;
}

export interface ChangeSet {
  id: string;
  name: string;
  type: 'CREATE' | 'UPDATE';
  template: Template;
  templateBody: string;
  parameters: StackParameter[];
  capabilities: string[];
  tags: { Key: string; Value: string }[];
  created: Date;
  status: 'CREATE_COMPLETE' | 'FAILED';
  statusReason?: string;
  executionStatus: 'AVAILABLE' | 'UNAVAILABLE' | 'EXECUTE_COMPLETE' | 'EXECUTE_FAILED';
  changes: ResourceChange[];
}

export interface ResourceChange {
  Type: 'Resource';
  ResourceChange: {
    Action: 'Add' | 'Modify' | 'Remove';
    LogicalResourceId: string;
    PhysicalResourceId?: string;
    ResourceType: string;
    Replacement?: string;
    Scope: string[];
  };
}

export interface StackOutput {
  OutputKey: string;
  OutputValue: string;
  Description?: string;
  ExportName?: string;
}

export interface Stack {
  stackId: string;
  stackName: string;
  region: string;
  status: string;
  statusReason?: string;
  template: Template;
  templateBody: string;
  parameters: StackParameter[];
  capabilities: string[];
  tags: { Key: string; Value: string }[];
  resources: Map<string, StackResource>;
  outputs: StackOutput[];
  /** Newest last; DescribeStackEvents answers newest first. */
  events: StackEvent[];
  changeSets: Map<string, ChangeSet>;
  created: Date;
  lastUpdated?: Date;
  deleted?: Date;
  terminationProtection: boolean;
}
