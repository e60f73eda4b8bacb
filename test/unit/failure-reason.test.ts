// The request log's reason for a failure no handler expected: the machine's trouble (a full disk,
// an I/O error, a database out of resources) is named as such, anything else is a defect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unexpectedFailureReason } from '../../src/core/model/store.js';

const failure = (code: string, message: string) => Object.assign(new Error(message), { code });

test('a full disk, from either engine or the file system, is named as one', () => {
  for (const err of [failure('SQLITE_FULL', 'database or disk is full'), failure('ENOSPC', 'no space left on device'), failure('53100', 'could not extend file')]) {
    assert.match(unexpectedFailureReason(err), /^the store could not write: the disk is full/);
  }
});

test('I/O errors and a database out of resources are the machine\'s, not specshift\'s', () => {
  assert.match(unexpectedFailureReason(failure('SQLITE_IOERR_WRITE', 'disk I/O error')), /^the store could not write: an I\/O error/);
  assert.match(unexpectedFailureReason(failure('58030', 'could not write block')), /an I\/O error/);
  assert.match(unexpectedFailureReason(failure('53200', 'out of memory')), /insufficient resources/);
});

test('anything else is a defect of specshift, with its message', () => {
  assert.equal(unexpectedFailureReason(new TypeError('x is undefined')), 'a defect of specshift (logged): x is undefined');
  assert.equal(unexpectedFailureReason('thrown string'), 'a defect of specshift (logged): thrown string');
  assert.match(unexpectedFailureReason(failure('SQLITE_CONSTRAINT', 'UNIQUE failed')), /^a defect of specshift/);
});
