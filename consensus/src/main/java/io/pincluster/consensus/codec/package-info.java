/**
 * The compact binary forms of pins, pin requests, log entries and replies (varints, raw CID bytes,
 * UTF-8 strings). Used for Raft log entries and snapshot records alike; malformed input always ends in
 * a {@link io.pincluster.consensus.codec.MalformedDataException}, never in an unchecked crash. Every message
 * names its format version, and a version newer than this build reads is refused by name
 * ({@link io.pincluster.consensus.codec.FormatVersions}; decision 0004).
 */
package io.pincluster.consensus.codec;
