/**
 * The compact binary forms of pins, pin requests, log entries and replies (varints, raw CID bytes,
 * UTF-8 strings). Used for Raft log entries and snapshot records alike; malformed input always ends in
 * a {@link io.pincluster.consensus.codec.MalformedDataException}, never in an unchecked crash.
 */
package io.pincluster.consensus.codec;
