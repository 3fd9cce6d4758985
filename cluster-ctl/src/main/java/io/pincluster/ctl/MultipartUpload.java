package io.pincluster.ctl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The multipart body of {@code POST /add}, laid out as Kubo's {@code /api/v0/add} expects: one
 * {@code file} part per file or directory, directories before their contents, the relative path
 * URL-encoded in {@code filename}, directories typed {@code application/x-directory}. The body is
 * produced while it is sent: each file is opened only when its turn comes, nothing is held in memory.
 */
final class MultipartUpload {
    private final String boundary = "pincluster-" + UUID.randomUUID();
    private final List<Entry> entries;
    private final long totalBytes;

    private record Entry(String name, Path file) {
        boolean directory() {
            return file == null;
        }
    }

    private MultipartUpload(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        long total = 0;
        for (Entry e : entries) {
            if (!e.directory()) {
                total += size(e.file());
            }
        }
        this.totalBytes = total;
    }

    /**
     * The entries for {@code paths}: files as themselves, directories (only with {@code recursive}) walked
     * in name order. Hidden names (starting with '.') inside directories are skipped unless {@code hidden}.
     */
    static MultipartUpload of(List<Path> paths, boolean recursive, boolean hidden) {
        List<Entry> entries = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new UsageException("no such file or directory: " + path);
            }
            String name = path.toAbsolutePath().normalize().getFileName() == null
                    ? "root" : path.toAbsolutePath().normalize().getFileName().toString();
            if (Files.isDirectory(path)) {
                if (!recursive) {
                    throw new UsageException(path + " is a directory: add it with -r");
                }
                walk(path, name, hidden, entries);
            } else if (Files.isRegularFile(path)) {
                if (!Files.isReadable(path)) {
                    throw new UsageException("cannot read " + path);
                }
                entries.add(new Entry(name, path));
            } else {
                throw new UsageException(path + " is neither a file nor a directory");
            }
        }
        return new MultipartUpload(entries);
    }

    private static void walk(Path dir, String name, boolean hidden, List<Entry> entries) {
        entries.add(new Entry(name, null));
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.sorted().toList();
        } catch (IOException e) {
            throw new UsageException("cannot list " + dir + ": " + e.getMessage());
        }
        for (Path child : children) {
            String childName = child.getFileName().toString();
            if (!hidden && childName.startsWith(".")) {
                continue;
            }
            if (Files.isDirectory(child)) {
                walk(child, name + "/" + childName, hidden, entries);
            } else if (Files.isRegularFile(child)) {
                entries.add(new Entry(name + "/" + childName, child));
            }
        }
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    long totalBytes() {
        return totalBytes;
    }

    /** A fresh stream of the whole body; files are opened as the stream reaches them. */
    InputStream open() {
        Iterator<Entry> it = entries.iterator();
        List<InputStream> tail = new ArrayList<>();
        Enumeration<InputStream> parts = new Enumeration<>() {
            private boolean closed;

            @Override
            public boolean hasMoreElements() {
                return !tail.isEmpty() || it.hasNext() || !closed;
            }

            @Override
            public InputStream nextElement() {
                if (!tail.isEmpty()) {
                    return tail.remove(0);
                }
                if (it.hasNext()) {
                    Entry e = it.next();
                    if (e.directory()) {
                        return bytes(header(e) + "\r\n");
                    }
                    tail.add(openFile(e.file()));
                    tail.add(bytes("\r\n"));
                    return bytes(header(e));
                }
                closed = true;
                return bytes("--" + boundary + "--\r\n");
            }
        };
        return new SequenceInputStream(parts);
    }

    private String header(Entry e) {
        return "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\""
                + URLEncoder.encode(e.name(), StandardCharsets.UTF_8) + "\"\r\n"
                + "Content-Type: " + (e.directory() ? "application/x-directory" : "application/octet-stream") + "\r\n"
                + "\r\n";
    }

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static InputStream openFile(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UsageException("cannot read the size of " + file + ": " + e.getMessage());
        }
    }
}
