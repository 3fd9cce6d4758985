package io.pincluster.cold.s3;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The durable record of one multipart upload, in a file next to the spooled archive, that lets an upload cut off
 * by a crash carry on where it stopped instead of sending every part again.
 *
 * <p>Format, version 1: UTF-8 text, one record per line, fields separated by one space, text fields
 * percent-encoded (so they hold no spaces or newlines), and each line ending in the CRC32 (8 hex digits) of
 * everything before its last space:
 * <pre>
 * pincluster-s3-upload-journal 1 &lt;crc&gt;
 * object &lt;bucket&gt; &lt;key&gt; &lt;object size&gt; &lt;object sha256&gt; &lt;part size&gt; &lt;crc&gt;
 * upload &lt;upload id&gt; &lt;crc&gt;
 * part &lt;number&gt; &lt;size&gt; &lt;etag&gt; &lt;md5&gt; &lt;sha256&gt; &lt;crc&gt;     (one per stored part)
 * </pre>
 * The first three lines are written together, atomically (temporary file, fsync, rename, fsync of the folder);
 * each part line is appended in one write and fsync'd before the part counts as done. A crash can therefore only
 * leave a torn <em>last</em> line, which reading drops; a bad line anywhere else, an unknown version or a missing
 * header makes the journal unreadable, and the upload is then recovered from the store's listing as if the
 * journal were lost. A part number seen twice keeps its last line (the part was sent again).
 */
final class UploadJournal {
    static final String MAGIC = "pincluster-s3-upload-journal";
    static final int VERSION = 1;
    private static final String SUFFIX = ".upload-journal";

    /** The journal's identity: which object, from which local bytes, cut how. */
    record Header(String bucket, String key, long objectSize, String sha256, long partSize) {
    }

    /** One stored part: its number, size, the ETag the store returned, and our MD5 and SHA-256 of its bytes. */
    record Part(int number, long size, String etag, String md5, String sha256) {
    }

    /** What a journal file says. */
    record State(Header header, String uploadId, List<Part> parts) {
        State {
            parts = List.copyOf(parts);
        }
    }

    /** A journal that cannot be trusted: unknown version, a damaged line before the last, no header. */
    static final class UnreadableJournalException extends IOException {
        UnreadableJournalException(Path path, String why) {
            super("upload journal " + path + " is unreadable: " + why);
        }
    }

    private final Path path;

    private UploadJournal(Path path) {
        this.path = path;
    }

    /** Where the journal of the upload of {@code spool} lives: beside it, so both go when the spool folder goes. */
    static Path beside(Path spool) {
        return spool.resolveSibling(spool.getFileName() + SUFFIX);
    }

    Path path() {
        return path;
    }

    /**
     * Writes a fresh journal at {@code path} (replacing any), holding the header, the upload id and the parts
     * already known to be stored, all at once.
     */
    static UploadJournal start(Path path, Header header, String uploadId, Collection<Part> storedParts)
            throws IOException {
        StringBuilder text = new StringBuilder();
        text.append(line(MAGIC, Integer.toString(VERSION)));
        text.append(line("object", encode(header.bucket()), encode(header.key()), Long.toString(header.objectSize()),
                header.sha256(), Long.toString(header.partSize())));
        text.append(line("upload", encode(uploadId)));
        for (Part part : storedParts) {
            text.append(partLine(part));
        }
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(channel, text.toString());
            channel.force(true);
        }
        try {
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
        forceFolder(path);
        return new UploadJournal(path);
    }

    /** Records a stored part: one append, on disk before this returns. */
    void append(Part part) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            writeFully(channel, partLine(part));
            channel.force(false);
        }
    }

    /** Removes the journal: the upload is complete and verified, or abandoned. */
    void delete() throws IOException {
        remove(path);
    }

    /** Removes the journal at {@code path}, if any. */
    static void remove(Path path) throws IOException {
        if (Files.deleteIfExists(path)) {
            forceFolder(path);
        }
    }

    /**
     * Reads the journal at {@code path}.
     *
     * @return empty if there is no journal
     * @throws UnreadableJournalException if there is one but it cannot be trusted
     */
    static Optional<State> read(Path path) throws IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (java.nio.charset.MalformedInputException e) {
            throw new UnreadableJournalException(path, "not UTF-8 text");
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        // The piece after the last newline is empty, or a torn append: either way not a record.
        lines.remove(lines.size() - 1);
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] fields = checked(lines.get(i));
            if (fields == null) {
                if (i == lines.size() - 1 && i >= 3) {
                    break;
                }
                throw new UnreadableJournalException(path, "line " + (i + 1) + " is damaged");
            }
            records.add(fields);
        }
        if (records.size() < 3) {
            throw new UnreadableJournalException(path, "no complete header");
        }
        String[] magic = records.get(0);
        if (magic.length != 2 || !magic[0].equals(MAGIC)) {
            throw new UnreadableJournalException(path, "not an upload journal");
        }
        if (!magic[1].equals(Integer.toString(VERSION))) {
            throw new UnreadableJournalException(path, "version " + magic[1] + ", this reader knows " + VERSION);
        }
        try {
            return Optional.of(parse(records));
        } catch (RuntimeException e) {
            throw new UnreadableJournalException(path, "bad record: " + e.getMessage());
        }
    }

    private static State parse(List<String[]> records) {
        String[] object = expect(records.get(1), "object", 6);
        Header header = new Header(decode(object[1]), decode(object[2]), Long.parseLong(object[3]), object[4],
                Long.parseLong(object[5]));
        String uploadId = decode(expect(records.get(2), "upload", 2)[1]);
        TreeMap<Integer, Part> parts = new TreeMap<>();
        for (String[] record : records.subList(3, records.size())) {
            String[] p = expect(record, "part", 6);
            Part part = new Part(Integer.parseInt(p[1]), Long.parseLong(p[2]), decode(p[3]), p[4], p[5]);
            parts.put(part.number(), part);
        }
        return new State(header, uploadId, new ArrayList<>(parts.values()));
    }

    private static String[] expect(String[] record, String kind, int fields) {
        if (!record[0].equals(kind) || record.length != fields) {
            throw new IllegalArgumentException("expected a " + kind + " record of " + fields + " fields, got "
                    + record[0] + " with " + record.length);
        }
        return record;
    }

    /** The fields of a line whose CRC matches, else null. */
    private static String[] checked(String line) {
        int space = line.lastIndexOf(' ');
        if (space < 0 || line.length() - space - 1 != 8) {
            return null;
        }
        String body = line.substring(0, space);
        if (!crc(body).equals(line.substring(space + 1))) {
            return null;
        }
        return body.split(" ", -1);
    }

    private static String partLine(Part part) {
        return line("part", Integer.toString(part.number()), Long.toString(part.size()), encode(part.etag()),
                part.md5(), part.sha256());
    }

    private static String line(String... fields) {
        String body = String.join(" ", fields);
        return body + " " + crc(body) + "\n";
    }

    private static String crc(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static void writeFully(FileChannel channel, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Makes a rename or delete in the journal's folder durable (Linux; a no-op where folders cannot be opened). */
    private static void forceFolder(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a folder; the rename is then as durable as that platform makes it.
        }
    }
}
