import { validationError } from '../aws-error';
import type { StackParameter, Template } from './stack';

export interface SuppliedParameter {
  ParameterKey?: string;
  ParameterValue?: string;
  UsePreviousValue?: string;
}

/** The value of every template parameter: supplied, previous (UsePreviousValue) or default; refuses as CloudFormation does. */
export function resolveParameters(
  template: Template,
  supplied: SuppliedParameter[],
  previous: StackParameter[],
): StackParameter[] {
  const declared = template.Parameters ?? {};
  const unknown = supplied.map((parameter) => String(parameter.ParameterKey)).filter((key) => !(key in declared));
  if (unknown.length) throw validationError(`Parameters: [${unknown.join(', ')}] do not exist in the template`);
  const missing: string[] = [];
  const resolved = Object.entries(declared).map(([key, definition]) => {
    const given = supplied.find((parameter) => parameter.ParameterKey === key);
    const value =
      given?.UsePreviousValue === 'true'
        ? previous.find((parameter) => parameter.ParameterKey === key)?.ParameterValue
        : (given?.ParameterValue ?? (definition.Default === undefined ? undefined : String(definition.Default)));
    if (value === undefined) missing.push(key);
    const allowed = definition.AllowedValues?.map(String);
    if (value !== undefined && allowed && !allowed.includes(value)) {
      throw validationError(`Parameter '${key}' must be one of AllowedValues`);
    }
    return { ParameterKey: key, ParameterValue: value ?? '' };
  });
  if (missing.length) throw validationError(`Parameters: [${missing.join(', ')}] must have values`);
  return resolved;
}

/** Parameter values as intrinsics see them: list types are lists. */
export function parameterValues(template: Template, parameters: StackParameter[]): Record<string, string | string[]> {
  return Object.fromEntries(
    parameters.map(({ ParameterKey, ParameterValue }) => {
      const type = template.Parameters?.[ParameterKey]?.Type ?? 'String';
      const isList = type.startsWith('List<') || type === 'CommaDelimitedList';
      return [ParameterKey, isList ? ParameterValue.split(',').map((item) => item.trim()) : ParameterValue];
    }),
  );
}
