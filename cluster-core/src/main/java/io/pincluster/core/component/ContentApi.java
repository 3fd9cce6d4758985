package io.pincluster.core.component;

import io.pincluster.core.cid.Cid;
import java.io.InputStream;
import java.util.List;

/**
 * What the Kubo-compatible proxy reads from this peer's own block store ({@code repo/stat}, {@code cat}); the rest of
 * what it does goes through the cluster's {@link ClusterApi} roles.
 */
public interface ContentApi {
    /** This peer's store: bytes used, the configured maximum, the number of blocks. */
    NodeConnector.RepoStat repoStat();

    /**
     * The bytes of the UnixFS file (or raw block) {@code path} names under {@code root}, from {@code offset} for at
     * most {@code length} bytes (negative: to the end). The caller closes the stream.
     *
     * @throws io.pincluster.core.error.ClusterException {@code NOT_FOUND} when the path or a block is not there,
     *         {@code BAD_REQUEST} when it names a directory or something that is not a file,
     *         also {@code BAD_REQUEST} when this peer keeps no readable store (a Kubo daemon serves its own files)
     */
    FileContent openFile(Cid root, List<String> path, long offset, long length);

    /** An open file: its whole size and the requested range's bytes. */
    record FileContent(long size, InputStream content) {
    }
}
