// Lambda functions of the stack: every one gets its own log group with a bounded retention.
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export const LOG_RETENTION = logs.RetentionDays.ONE_MONTH;

export interface FunctionSpec {
  readonly runtime: lambda.Runtime;
  readonly code: lambda.Code;
  readonly handler: string;
  readonly architecture: lambda.Architecture;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  readonly description: string;
  readonly layers?: lambda.ILayerVersion[];
}

export function loggedFunction(scope: Construct, id: string, spec: FunctionSpec): lambda.Function {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: LOG_RETENTION });
  return new lambda.Function(scope, id, { ...spec, logGroup });
}

/** One function of the thumbkit custom-runtime bundle; `_HANDLER` (the handler) picks its role. */
export function bootstrapFunction(
  scope: Construct,
  id: string,
  code: lambda.Code,
  spec: Omit<FunctionSpec, 'runtime' | 'code'>,
): lambda.Function {
  return loggedFunction(scope, id, { ...spec, runtime: lambda.Runtime.PROVIDED_AL2023, code });
}
