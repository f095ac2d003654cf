import type { AccountState } from './account-state';
import { UnknownOperationError } from './aws-error';
import { parseQueryForm, queryError, queryResponse } from './query-protocol';
import type { ServiceModule } from './standin-request';

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** STS (awsQuery): who the caller is. Every caller is the same user of the one account. */
export function stsService(state: AccountState): ServiceModule {
  return {
    route(request) {
      const params = parseQueryForm(request.body.toString('utf8'));
      const action = String(params.Action);
      if (action !== 'GetCallerIdentity') throw new UnknownOperationError(action, 'InvalidAction', 400);
      return {
        action,
        params: {},
        run: () =>
          queryResponse(
            action,
            {
              UserId: 'AIDAJQABLZS4A3QDU576Q',
              Account: state.accountId,
              Arn: `arn:aws:iam::${state.accountId}:user/runway-rehearsal`,
            },
            XMLNS,
          ),
      };
    },
    renderError: (error) => queryError(error, XMLNS),
  };
}
