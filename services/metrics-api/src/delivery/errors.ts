/** A refusal of the delivery routes, without HTTP: the status and the field it names (handlers/api-handler.ts maps it). */
export class DeliveryRefusedError extends Error {
  override readonly name = 'DeliveryRefusedError';
  constructor(
    readonly status: 400 | 403 | 404,
    message: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(message);
  }
}
