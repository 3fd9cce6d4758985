package io.pincluster.ipld.unixfs;

import io.pincluster.core.error.Excerpt;
import io.pincluster.core.cid.Cid;
import io.pincluster.ipld.dagpb.PbLink;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads UnixFS DAGs from a {@link BlockGetter}: stat, file content (whole or a range, streamed), directory
 * listings and path resolution through plain and HAMT-sharded directories. Blocks are fetched lazily and
 * not cached; a missing block surfaces as the getter's own exception.
 */
public final class UnixFsReader {
    private final BlockGetter blocks;
    private final HamtShard hamt;

    public UnixFsReader(BlockGetter blocks) {
        this.blocks = blocks;
        this.hamt = new HamtShard(blocks);
    }

    public UnixFsStat stat(Cid cid) throws IOException {
        Node node = Node.load(blocks, cid);
        long size = switch (node.type()) {
            case FILE, RAW -> node.fileSize();
            case SYMLINK -> node.ownLength();
            default -> 0;
        };
        return new UnixFsStat(cid, node.type(), size);
    }

    /** The whole file as a stream. */
    public InputStream open(Cid file) throws IOException {
        return open(file, 0, Long.MAX_VALUE);
    }

    /**
     * {@code length} bytes of the file from {@code offset}; a range reaching past the end is cut at the end
     * (as HTTP ranges are), but one that starts past the end is refused.
     *
     * @throws RangeNotSatisfiableException {@code offset} is past the end of the file
     * @throws UnixFsException              the CID is not a file
     */
    public InputStream open(Cid file, long offset, long length) throws IOException {
        return stream(file, offset, length);
    }

    /**
     * As {@link #open(Cid, long, long)}, as the blocks' own pieces, without copying them: for serving a file to the
     * network as it is.
     */
    public FileChunks openChunks(Cid file, long offset, long length) throws IOException {
        return stream(file, offset, length);
    }

    private FileDagStream stream(Cid file, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative: " + offset + ", " + length);
        }
        Node node = Node.load(blocks, file);
        node.requireFile();
        long size = node.fileSize();
        if (offset > size) {
            throw new RangeNotSatisfiableException(offset, size);
        }
        return new FileDagStream(blocks, node, offset, Math.min(length, size - offset));
    }

    /** The entries of a plain or sharded directory, in link order. */
    public List<DirEntry> list(Cid dir) throws IOException {
        Node node = Node.load(blocks, dir);
        List<DirEntry> out = new ArrayList<>();
        switch (node.type()) {
            case DIRECTORY -> {
                for (PbLink link : node.links()) {
                    out.add(new DirEntry(link.name() == null ? "" : link.name(), link.hash(),
                            link.tsize() == null ? 0 : link.tsize()));
                }
            }
            case HAMT_SHARD -> hamt.list(node, out);
            default -> throw new UnixFsException("node " + dir + " is a " + node.type() + ", not a directory");
        }
        return out;
    }

    /**
     * Resolves {@code cid/a/b/c} (optionally prefixed with {@code /ipfs/}) to the CID it names.
     *
     * @throws PathNotFoundException a segment does not exist or a non-final segment is not a directory
     */
    public Cid resolve(String path) throws IOException {
        String p = path.startsWith("/ipfs/") ? path.substring("/ipfs/".length()) : path;
        List<String> segments = new ArrayList<>();
        for (String s : p.split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        if (segments.isEmpty()) {
            throw new PathNotFoundException(path, "path '" + Excerpt.of(path) + "' names no CID");
        }
        return resolve(Cid.parse(segments.get(0)), segments.subList(1, segments.size()), path);
    }

    public Cid resolve(Cid root, List<String> segments) throws IOException {
        if (segments.isEmpty()) {
            return root; // no path to walk, and no message to prepare: the CID's text costs a base58 encoding
        }
        return resolve(root, segments, root + "/" + String.join("/", segments));
    }

    private Cid resolve(Cid root, List<String> segments, String fullPath) throws IOException {
        Cid at = root;
        StringBuilder walked = new StringBuilder(root.toString());
        for (String name : segments) {
            Node node = Node.load(blocks, at);
            Cid next = switch (node.type()) {
                case DIRECTORY -> findLink(node, name);
                case HAMT_SHARD -> hamt.find(node, name);
                default -> throw new PathNotFoundException(fullPath, "cannot resolve '" + Excerpt.of(fullPath) + "': "
                        + Excerpt.of(walked.toString()) + " is a " + node.type() + ", not a directory");
            };
            if (next == null) {
                throw new PathNotFoundException(fullPath, "cannot resolve '" + Excerpt.of(fullPath) + "': no entry '"
                        + Excerpt.of(name) + "' in " + Excerpt.of(walked.toString()));
            }
            walked.append('/').append(name);
            at = next;
        }
        return at;
    }

    private static Cid findLink(Node dir, String name) {
        for (PbLink link : dir.links()) {
            if (name.equals(link.name())) {
                return link.hash();
            }
        }
        return null;
    }
}
