// Types of service-alarms.js, which osls loads as plain CommonJS at package time.
interface ServiceAlarmsSettings {
  service: string;
  stage: string;
  email: string;
  functionNames: string[];
  hasHttpApi: boolean;
}

interface GeneratedResource {
  Type: string;
  Properties: Record<string, unknown>;
}

export function serviceAlarms(settings: ServiceAlarmsSettings): {
  Resources: Record<string, GeneratedResource>;
  Outputs: Record<string, unknown>;
};
