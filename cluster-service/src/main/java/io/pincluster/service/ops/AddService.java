package io.pincluster.service.ops;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.AddApi;
import io.pincluster.core.component.AddRequest;
import io.pincluster.core.component.AddedOutput;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.component.UploadPart;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.ipld.importer.DirectoryBuilder;
import io.pincluster.ipld.importer.FileImporter;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.ipld.importer.ImportedNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code /add}: imports an upload into the local block store as {@code ipfs add} would (same CIDs for the same
 * options), reports each file and directory as ipfs-cluster does, then pins the root through the log unless
 * {@code no-pin}. The root's line comes last, after the pin, carrying its allocations. A CAR upload
 * ({@code format=car}) is imported as is and its single root pinned.
 *
 * <p>Blocks are written through an import session that keeps them from garbage collection until the pin is
 * committed.
 */
public final class AddService implements AddApi {
    private final NodeConnector connector;
    private final Pinner pinner;

    /** How the root gets pinned: through the log ({@link PinService#pin}). */
    @FunctionalInterface
    public interface Pinner {
        Pin pin(Cid cid, PinOptions options);
    }

    /**
     * Sends the added DAG to the peers the pin was allocated to. It runs after the pin commits: only then does the
     * leader's allocation exist, and asking for it beforehand could disagree with the real one. The allocated
     * peers' trackers start on the pin at the same moment and fetch whatever has not arrived yet, so a push that
     * fails or is slow costs time, not correctness.
     */
    @FunctionalInterface
    public interface AllocationPush {
        AllocationPush NONE = (root, allocations) -> List.of();

        /**
         * Pushes; returns the origins (multiaddrs naming this peer) to add to the pin when some allocated peer did not
         * get the whole DAG, empty when all did.
         */
        List<String> push(Cid root, List<io.pincluster.core.peer.PeerId> allocations);
    }

    /** Told of every block an upload writes (the metrics endpoint counts them). */
    @FunctionalInterface
    public interface BlockCounter {
        BlockCounter NONE = bytes -> { };

        void added(int bytes);
    }

    private final AllocationPush push;
    private final BlockCounter blocks;

    public AddService(NodeConnector connector, Pinner pinner) {
        this(connector, pinner, AllocationPush.NONE);
    }

    public AddService(NodeConnector connector, Pinner pinner, AllocationPush push) {
        this(connector, pinner, push, BlockCounter.NONE);
    }

    public AddService(NodeConnector connector, Pinner pinner, AllocationPush push, BlockCounter blocks) {
        this.connector = connector;
        this.pinner = pinner;
        this.push = push;
        this.blocks = blocks;
    }

    @Override
    public void add(AddRequest request, Iterator<UploadPart> parts, Consumer<AddedOutput> output) {
        try (NodeConnector.ImportSession session = connector.openImport()) {
            Root root = request.format().equals("car") ? importCar(parts) : importUnixfs(request, parts,
                    counted(session), output);
            List<io.pincluster.core.peer.PeerId> allocations = List.of();
            if (!request.noPin()) {
                Pin pin = pinner.pin(root.cid(), request.pinOptions());
                allocations = pin.allocations();
                List<String> origins = push.push(root.cid(), allocations);
                if (!origins.isEmpty() && !pin.options().origins().containsAll(origins)) {
                    // An allocated peer the blocks did not reach asks the leader who holds them, hears "nobody" (this
                    // peer holds them without a pin) and waits (decision 0022). Naming this peer among the pin's
                    // origins changes the pin, which wakes it, and makes it ask here.
                    PinOptions o = pin.options();
                    List<String> merged = new java.util.ArrayList<>(o.origins());
                    origins.stream().filter(a -> !merged.contains(a)).forEach(merged::add);
                    pinner.pin(root.cid(), new PinOptions(o.replicationMin(), o.replicationMax(), o.name(), o.mode(),
                            o.shardSize(), request.pinOptions().userAllocations(), o.expireAt(), o.metadata(),
                            null, merged));
                }
            }
            output.accept(new AddedOutput(root.name(), root.cid(), 0, root.size(), allocations));
        } catch (IOException e) {
            throw ClusterException.badRequest("reading the upload failed: " + UploadInput.describe(e));
        } catch (UnsupportedOperationException e) {
            throw ClusterException.badRequest(e.getMessage()); // e.g. a directory Kubo would shard
        }
    }

    private record Root(String name, Cid cid, long size) {
    }

    private NodeConnector.ImportSession counted(NodeConnector.ImportSession session) {
        if (blocks == BlockCounter.NONE) {
            return session;
        }
        return new NodeConnector.ImportSession() {
            @Override
            public void put(Cid cid, byte[] block) {
                session.put(cid, block);
                blocks.added(block.length);
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    /**
     * The upload's one file, read as a CAR. The parts come off the request one at a time and looking for the next one
     * skips what is left of this one, so the CAR is imported before the rest of the upload is checked: a second file
     * then fails the add, and what was imported is left to garbage collection, unpinned.
     */
    private Root importCar(Iterator<UploadPart> parts) {
        UploadPart part = firstFile(parts);
        List<Cid> roots;
        try {
            roots = connector.importCar(new UploadInput(part.content()));
        } catch (UploadInput.ReadFailed e) {
            throw ClusterException.badRequest("reading the upload failed: " + UploadInput.describe(e.getCause()));
        }
        while (parts.hasNext()) {
            if (!parts.next().directory()) {
                throw ClusterException.badRequest("format=car takes exactly one file");
            }
        }
        if (roots.size() != 1) {
            throw ClusterException.badRequest("a CAR must have exactly one root to be added, it has " + roots.size());
        }
        return new Root(part.path(), roots.get(0), 0);
    }

    private static UploadPart firstFile(Iterator<UploadPart> parts) {
        while (parts.hasNext()) {
            UploadPart p = parts.next();
            if (!p.directory()) {
                return p;
            }
        }
        throw ClusterException.badRequest("the upload holds no file");
    }

    private Root importUnixfs(AddRequest request, Iterator<UploadPart> parts, NodeConnector.ImportSession session,
                              Consumer<AddedOutput> output) throws IOException {
        ImportOptions options = new ImportOptions(request.cidVersion(), request.rawLeaves(), request.chunkSize(),
                ImportOptions.DEFAULT_MAX_LINKS, request.hidden(), request.wrapWithDirectory());
        FileImporter files = new FileImporter(options);
        UploadTree tree = new UploadTree();
        List<AddedOutput> held = new ArrayList<>(); // lines that may be the root's, which waits for the pin
        boolean any = false;
        while (parts.hasNext()) {
            UploadPart part = parts.next();
            any = true;
            if (part.directory()) {
                tree.addDirectory(part.path());
                continue;
            }
            String name = part.path();
            ImportedNode node = files.importFile(part.content(), session, !request.progress() ? null
                    : bytes -> output.accept(new AddedOutput(name, null, bytes, 0, List.of())));
            tree.addFile(name, node);
            AddedOutput line = new AddedOutput(name, node.cid(), 0, node.dagSize(), List.of());
            // Only a top-level file can turn out to be the root (the last one, when not wrapping): hold those.
            if (request.wrapWithDirectory() || name.contains("/")) {
                output.accept(line);
            } else {
                held.add(line);
            }
        }
        if (!any) {
            throw ClusterException.badRequest("the upload holds no file");
        }
        List<String> top = tree.topLevel();
        Map<String, ImportedNode> roots = tree.build(new DirectoryBuilder(options), session,
                request.wrapWithDirectory(), (path, node) -> held.add(new AddedOutput(path, node.cid(), 0,
                        node.dagSize(), List.of())));
        String rootName = request.wrapWithDirectory() ? "" : top.get(top.size() - 1);
        ImportedNode rootNode = roots.get(rootName);
        // Everything but the root's line goes out now, in Kubo's order.
        held.stream().filter(o -> !(o.name().equals(rootName) && o.cid().equals(rootNode.cid())))
                .forEach(output);
        return new Root(rootName, rootNode.cid(), rootNode.dagSize());
    }
}
