/**
 * Hostile-input corpora for the HTTP servers' tests: a raw HTTP/1.1 client that sends exactly the bytes given (bad
 * escapes, NUL, truncated bodies, repeated parameters), the cases, and a runner that checks every answer is a quick
 * JSON 4xx quoting at most a short prefix of the input.
 */
package io.pincluster.testkit.hostile;
