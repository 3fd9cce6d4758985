package io.pincluster.service.ops;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.ContentApi;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.gateway.content.ContentNotHeldException;
import io.pincluster.gateway.content.ContentPathNotFoundException;
import io.pincluster.gateway.content.ContentSource;
import io.pincluster.gateway.content.InvalidContentException;
import io.pincluster.gateway.content.NodeKind;
import io.pincluster.gateway.content.ResolvedNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The IPFS proxy's reads ({@code cat}, {@code repo/stat}): files through the same content source the gateway reads
 * (this peer's store, then the other peers'), and the connector's store statistics.
 */
public final class ProxyContent implements ContentApi {
    private final NodeConnector connector;
    private final Optional<ContentSource> files;

    public ProxyContent(NodeConnector connector, Optional<ContentSource> files) {
        this.connector = connector;
        this.files = files;
    }

    @Override
    public NodeConnector.RepoStat repoStat() {
        return connector.repoStat();
    }

    @Override
    public FileContent openFile(Cid root, List<String> path, long offset, long length) {
        ContentSource source = files.orElseThrow(() -> new ClusterException(ErrorCode.BAD_REQUEST,
                "cat: this peer's connector keeps no block store here; read the file through its IPFS daemon"));
        try {
            ResolvedNode node = source.resolve(root, path);
            if (node.kind() != NodeKind.FILE) {
                throw ClusterException.badRequest(node.kind() == NodeKind.DIRECTORY
                        ? "this dag node is a directory" : "this dag node is not a file");
            }
            long from = Math.min(offset, node.size());
            long n = length < 0 ? node.size() - from : Math.min(length, node.size() - from);
            InputStream in = n == 0 ? InputStream.nullInputStream() : source.openFile(node.cid(), from, n);
            return new FileContent(node.size(), in);
        } catch (ContentNotHeldException e) {
            throw new ClusterException(ErrorCode.NOT_FOUND, "block " + e.cid() + " is not held by any peer", e);
        } catch (ContentPathNotFoundException e) {
            throw new ClusterException(ErrorCode.NOT_FOUND, e.getMessage(), e);
        } catch (InvalidContentException e) {
            throw ClusterException.badRequest(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
