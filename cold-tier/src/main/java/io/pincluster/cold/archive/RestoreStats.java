package io.pincluster.cold.archive;

/**
 * What a restore moved: blocks handed to the sink, archive bytes read, and ranged GETs it took (fewer requests than
 * blocks when neighbours were merged).
 */
public record RestoreStats(int blocks, long bytesRead, int requests) {
}
