package io.pincluster.ipld.importer;

import io.pincluster.core.block.BlockSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Imports files and directory trees from disk the way {@code ipfs add -r} does, and reports entries in
 * Kubo's order: each file (or symlink) as soon as it is imported, walking directories depth-first in
 * name order; then the directories, children before parents, in name order; then the wrapping
 * directory (with an empty name) when asked for. Dotfiles are skipped unless {@link ImportOptions#hidden()}.
 * Symlinks are stored as UnixFS symlinks, never followed.
 */
public final class PathImporter {
    private final ImportOptions options;
    private final FileImporter files;
    private final DirectoryBuilder dirs;

    public PathImporter(ImportOptions options) {
        this.options = options;
        this.files = new FileImporter(options);
        this.dirs = new DirectoryBuilder(options);
    }

    private record Imported(String name, ImportedNode node, Map<String, Imported> subdirs) {
    }

    /**
     * Imports {@code paths}; returns the entry {@code ipfs add -Q} would print (the wrapper when wrapping,
     * otherwise the last path's root).
     *
     * @param progress told the running count of file bytes read (may be null)
     */
    public AddedEntry importPaths(List<Path> paths, BlockSink sink, Consumer<AddedEntry> listener,
                                  LongConsumer progress) throws IOException {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no path to import");
        }
        long[] done = {0};
        LongConsumer counter = n -> {
            if (progress != null) {
                progress.accept(done[0] + n);
            }
        };
        Map<String, Imported> top = new LinkedHashMap<>();
        for (Path path : paths) {
            Path abs = path.toAbsolutePath().normalize();
            String name = abs.getFileName() == null ? "" : abs.getFileName().toString();
            top.put(name, importPath(abs, name, sink, listener, counter, done));
        }
        Map<String, Imported> sortedTop = new TreeMap<>(DirectoryBuilder.NAME_ORDER);
        sortedTop.putAll(top);
        for (Imported entry : sortedTop.values()) {
            reportDirectories(entry, listener);
        }
        if (options.wrapWithDirectory()) {
            Map<String, ImportedNode> children = new LinkedHashMap<>();
            top.forEach((name, entry) -> children.put(name, entry.node()));
            ImportedNode wrapper = dirs.directory(children, sink);
            AddedEntry added = new AddedEntry("", wrapper.cid(), wrapper.dagSize());
            listener.accept(added);
            return added;
        }
        Imported last = new ArrayList<>(top.values()).get(top.size() - 1);
        return new AddedEntry(last.name(), last.node().cid(), last.node().dagSize());
    }

    private Imported importPath(Path path, String name, BlockSink sink, Consumer<AddedEntry> listener,
                                LongConsumer counter, long[] done) throws IOException {
        if (Files.isSymbolicLink(path)) {
            ImportedNode link = dirs.symlink(Files.readSymbolicLink(path).toString(), sink);
            listener.accept(new AddedEntry(name, link.cid(), link.dagSize()));
            return new Imported(name, link, null);
        }
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            ImportedNode file;
            try (InputStream in = Files.newInputStream(path)) {
                file = files.importFile(in, sink, counter);
            }
            done[0] += file.contentSize();
            listener.accept(new AddedEntry(name, file.cid(), file.dagSize()));
            return new Imported(name, file, null);
        }
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("cannot import " + path + ": not a regular file, directory or symlink");
        }
        List<Path> children;
        try (Stream<Path> list = Files.list(path)) {
            children = new ArrayList<>(list.filter(p -> options.hidden() || !p.getFileName().toString().startsWith("."))
                    .toList());
        }
        children.sort((a, b) -> DirectoryBuilder.NAME_ORDER.compare(a.getFileName().toString(),
                b.getFileName().toString()));
        Map<String, ImportedNode> entries = new LinkedHashMap<>();
        Map<String, Imported> subdirs = new LinkedHashMap<>();
        for (Path child : children) {
            String childName = child.getFileName().toString();
            Imported imported = importPath(child, name + "/" + childName, sink, listener, counter, done);
            entries.put(childName, imported.node());
            if (imported.subdirs() != null) {
                subdirs.put(childName, imported);
            }
        }
        return new Imported(name, dirs.directory(entries, sink), subdirs);
    }

    private static void reportDirectories(Imported entry, Consumer<AddedEntry> listener) {
        if (entry.subdirs() == null) {
            return;
        }
        for (Imported sub : entry.subdirs().values()) {
            reportDirectories(sub, listener);
        }
        listener.accept(new AddedEntry(entry.name(), entry.node().cid(), entry.node().dagSize()));
    }
}
