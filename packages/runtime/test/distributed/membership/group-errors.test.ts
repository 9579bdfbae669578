import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NetworkError, ResponseError } from '@platformatic/kafka';
import { describeGroupError, groupErrorAction, groupErrorCodeOf } from '../../../src/distributed/membership/group-errors.js';

/** A failed JoinGroup v9 response as @platformatic/kafka reports it. */
function joinGroupError(code: number): ResponseError {
  return new ResponseError(11, 9, { '/': [code, null] }, { errorCode: code, memberId: 'm-1' });
}

describe('group request errors', () => {
  it('reads the broker error code of a failed response, and none from a network failure', () => {
    assert.equal(groupErrorCodeOf(joinGroupError(79)), 79);
    assert.equal(groupErrorCodeOf(new NetworkError('Connection closed')), undefined);
  });

  it('maps each error to what the member does next', () => {
    const cases: [number, string][] = [
      [14, 'retry'], // COORDINATOR_LOAD_IN_PROGRESS
      [15, 'rediscover'], // COORDINATOR_NOT_AVAILABLE
      [16, 'rediscover'], // NOT_COORDINATOR
      [22, 'rejoin'], // ILLEGAL_GENERATION
      [27, 'rejoin'], // REBALANCE_IN_PROGRESS
      [79, 'rejoin'], // MEMBER_ID_REQUIRED
      [25, 'rejoin-as-new-member'], // UNKNOWN_MEMBER_ID
      [82, 'fatal'], // FENCED_INSTANCE_ID
      [23, 'fatal'], // INCONSISTENT_GROUP_PROTOCOL
      [26, 'fatal'], // INVALID_SESSION_TIMEOUT
      [30, 'fatal'], // GROUP_AUTHORIZATION_FAILED
      [7, 'retry'], // REQUEST_TIMED_OUT
      [-1, 'retry'], // UNKNOWN_SERVER_ERROR
    ];
    assert.deepEqual(
      cases.map(([code]) => [code, groupErrorAction(joinGroupError(code))]),
      cases,
    );
  });

  it('treats a failure without a broker error as a lost connection to the coordinator', () => {
    assert.equal(groupErrorAction(new NetworkError('Connection closed')), 'rediscover');
    assert.equal(groupErrorAction(new Error('socket hang up')), 'rediscover');
  });

  it('names the broker error in its description', () => {
    assert.match(describeGroupError(joinGroupError(27)), /^REBALANCE_IN_PROGRESS: /);
    assert.equal(describeGroupError(new NetworkError('Connection closed')), 'Connection closed');
  });
});
