package io.pincluster.gateway.content;

import io.pincluster.core.cid.Cid;
import io.pincluster.ipld.unixfs.FileChunks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The read side of a node's content, as the gateway uses it. Every method may block on disk, so callers run
 * them off the network event loop. Implementations are thread-safe.
 *
 * <p>Failures are typed: {@link ContentNotHeldException} when a needed block is not held,
 * {@link ContentPathNotFoundException} when a path does not exist, {@link InvalidContentException} when a
 * block is not valid for the operation. Other {@link IOException}s are storage failures.
 */
public interface ContentSource {

    /** Resolves {@code path} (already split and validated segments, possibly empty) under {@code root}. */
    ResolvedNode resolve(Cid root, List<String> path) throws IOException;

    /**
     * Streams {@code length} bytes of the file {@code file} starting at {@code offset}, reading blocks only as
     * the stream is read. The caller has checked the range against the file size and closes the stream.
     */
    InputStream openFile(Cid file, long offset, long length) throws IOException;

    /**
     * As {@link #openFile}, as pieces that may share the blocks' own arrays (read them, never change them): a file
     * served from memory then costs no copy of its content. The default reads {@link #openFile} into fresh arrays.
     */
    default FileChunks openChunks(Cid file, long offset, long length) throws IOException {
        InputStream in = openFile(file, offset, length);
        return new FileChunks() {
            @Override
            public ByteBuffer nextChunk() throws IOException {
                byte[] piece = in.readNBytes(CHUNK);
                return piece.length == 0 ? null : ByteBuffer.wrap(piece);
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    /** The most bytes one piece of the default {@link #openChunks} holds: about one UnixFS chunk. */
    int CHUNK = 256 * 1024;

    /**
     * This source limited to what it holds in memory, for answering on the network thread without a hop: same
     * answers, but every method throws {@link NotInMemoryException} where it would need disk or a peer (and never
     * blocks). Null (the default) when the source has no such view.
     */
    default ContentSource inMemory() {
        return null;
    }

    /** The entries of a directory, in link order (sorted by name for plain directories). */
    List<DirectoryEntry> list(Cid directory) throws IOException;

    /** The bytes of one block, verified against its CID. */
    byte[] rawBlock(Cid cid) throws IOException;

    /**
     * Checks that every block of the DAG under {@code root} is held, so a CAR export will not fail part-way.
     *
     * @throws ContentNotHeldException naming a block that is missing
     */
    void checkComplete(Cid root) throws IOException;

    /**
     * Writes a CAR v1 of the whole DAG under {@code root} (root first, depth-first) to {@code out}. The caller
     * owns {@code out}. A block found missing part-way fails the call after some bytes may have been written.
     */
    void exportCar(Cid root, OutputStream out) throws IOException;
}
