package io.pincluster.service.ops;

import io.pincluster.core.block.BlockSink;
import io.pincluster.core.error.ClusterException;
import io.pincluster.ipld.importer.DirectoryBuilder;
import io.pincluster.ipld.importer.ImportedNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The directory structure of a multipart upload, filled in as files are imported, then turned into UnixFS
 * directories children first, the order in which Kubo reports them.
 */
final class UploadTree {
    private final Entry root = Entry.directory();

    private static final class Entry {
        final Map<String, Entry> children; // null for files, upload order otherwise
        ImportedNode node;

        private Entry(Map<String, Entry> children) {
            this.children = children;
        }

        static Entry directory() {
            return new Entry(new LinkedHashMap<>());
        }
    }

    /** Splits and checks an upload path: relative, no empty, {@code .} or {@code ..} segments. */
    static String[] segments(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/")) {
            throw ClusterException.badRequest("upload part has an invalid path '" + path + "'");
        }
        String[] parts = path.split("/", -1);
        for (String s : parts) {
            if (s.isEmpty() || s.equals(".") || s.equals("..")) {
                throw ClusterException.badRequest("upload part has an invalid path '" + path + "'");
            }
        }
        return parts;
    }

    void addDirectory(String path) {
        parentOf(segments(path), true);
    }

    void addFile(String path, ImportedNode node) {
        String[] seg = segments(path);
        Entry parent = parentOf(seg, false);
        Entry existing = parent.children.get(seg[seg.length - 1]);
        if (existing != null) {
            throw ClusterException.badRequest("upload has '" + path + "' twice");
        }
        Entry file = new Entry(null);
        file.node = node;
        parent.children.put(seg[seg.length - 1], file);
    }

    // Creates missing directories on the way; with includeLast the last segment is a directory too.
    private Entry parentOf(String[] seg, boolean includeLast) {
        Entry at = root;
        int upTo = includeLast ? seg.length : seg.length - 1;
        for (int i = 0; i < upTo; i++) {
            Entry next = at.children.computeIfAbsent(seg[i], k -> Entry.directory());
            if (next.children == null) {
                throw ClusterException.badRequest("upload uses file '" + String.join("/", java.util.Arrays
                        .copyOfRange(seg, 0, i + 1)) + "' as a directory");
            }
            at = next;
        }
        return at;
    }

    /** The top-level names in upload order. */
    java.util.List<String> topLevel() {
        return java.util.List.copyOf(root.children.keySet());
    }

    /**
     * Builds every directory (children before parents, siblings in name order), reporting each with its path; then,
     * when {@code wrap}, the wrapping directory under the empty name. Returns the node of each top-level entry,
     * and under {@code ""} the wrapper.
     */
    Map<String, ImportedNode> build(DirectoryBuilder dirs, BlockSink sink, boolean wrap,
                                    BiConsumer<String, ImportedNode> report) throws IOException {
        Map<String, ImportedNode> top = new LinkedHashMap<>();
        Map<String, Entry> sorted = new TreeMap<>(DirectoryBuilder.NAME_ORDER);
        sorted.putAll(root.children);
        for (Map.Entry<String, Entry> e : sorted.entrySet()) {
            build(e.getKey(), e.getValue(), dirs, sink, report);
        }
        root.children.forEach((name, entry) -> top.put(name, entry.node));
        if (wrap) {
            ImportedNode wrapper = dirs.directory(top, sink);
            report.accept("", wrapper);
            top.put("", wrapper);
        }
        return top;
    }

    private void build(String path, Entry entry, DirectoryBuilder dirs, BlockSink sink,
                       BiConsumer<String, ImportedNode> report) throws IOException {
        if (entry.children == null) {
            return;
        }
        Map<String, Entry> sorted = new TreeMap<>(DirectoryBuilder.NAME_ORDER);
        sorted.putAll(entry.children);
        Map<String, ImportedNode> nodes = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> child : sorted.entrySet()) {
            build(path + "/" + child.getKey(), child.getValue(), dirs, sink, report);
            nodes.put(child.getKey(), child.getValue().node);
        }
        entry.node = dirs.directory(nodes, sink);
        report.accept(path, entry.node);
    }
}
