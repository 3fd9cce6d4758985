package io.pincluster.rest.routes;

import io.pincluster.core.error.Excerpt;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.multipart.BodyPart;
import io.pincluster.core.component.UploadPart;
import io.pincluster.core.error.ClusterException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Bridges Armeria's multipart body parts to a blocking {@link Iterator} of {@link UploadPart}s, one part
 * at a time: the next part is requested only after the previous one's content was read to its end, so at
 * most one network buffer is held, whatever the upload size. Parts follow Kubo's conventions: URL-escaped
 * relative paths in {@code filename}, {@code application/x-directory} for directories. Shared by the REST
 * {@code /add} and the IPFS proxy's {@code add}, {@code block/put} and {@code dag/put}.
 */
public final class MultipartUploads implements Iterator<UploadPart>, Subscriber<BodyPart> {
    private static final Object END = new Object();
    private static final String DIRECTORY_TYPE = "application/x-directory";
    private static final String SYMLINK_TYPE = "application/symlink";

    /** Most parts (files and directories) in one upload: each costs an entry in the added directory tree. */
    static final int MAX_PARTS = 100_000;
    /** Longest relative path of a part, in characters. */
    static final int MAX_PATH_CHARS = 4096;
    /** Longest name of one path segment, in UTF-8 bytes (as file systems and Kubo's importer allow). */
    static final int MAX_SEGMENT_BYTES = 255;

    // Holds at most one part and the end marker or an error: the next part is requested only after this one is read.
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private int parts;
    private final Duration partTimeout;
    private volatile Subscription subscription;
    private Object next;
    private InputStream current;

    public MultipartUploads(Duration partTimeout) {
        this.partTimeout = partTimeout;
    }

    @Override
    public void onSubscribe(Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(BodyPart part) {
        queue.add(part);
    }

    @Override
    public void onError(Throwable t) {
        queue.add(t);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            if (current != null) {
                drain(current);
                current = null;
                subscription.request(1);
            }
            next = take();
        }
        if (next instanceof Throwable t) {
            throw t instanceof RuntimeException re ? re : new UncheckedIOException(new IOException(t));
        }
        return next != END;
    }

    @Override
    public UploadPart next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        BodyPart part = (BodyPart) next;
        next = null;
        if (++parts > MAX_PARTS) {
            throw ClusterException.badRequest("more than " + MAX_PARTS + " parts in one upload");
        }
        current = part.content().toInputStream(Function.identity());
        MediaType type = part.headers().contentType();
        String mime = type == null ? "" : type.nameWithoutParameters();
        if (mime.equals(SYMLINK_TYPE)) {
            throw ClusterException.badRequest("symlinks cannot be added");
        }
        boolean directory = mime.equals(DIRECTORY_TYPE);
        return new UploadPart(path(part.filename()), directory, directory ? null : current);
    }

    /** Aborts the upload when the consumer stops early, so the request does not hang half-read. */
    public void cancel() {
        Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    private Object take() {
        try {
            Object o = queue.poll(partTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (o == null) {
                throw ClusterException.badRequest("timed out waiting for the next multipart part");
            }
            return o;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the upload", e);
        }
    }

    /** Kubo's clients URL-escape the relative path; a name that does not unescape is taken as it is. */
    static String path(String filename) {
        if (filename == null) {
            return "";
        }
        if (filename.length() > MAX_PATH_CHARS) {
            throw ClusterException.badRequest("upload path of " + filename.length() + " characters is over the limit of "
                    + MAX_PATH_CHARS);
        }
        String decoded;
        try {
            decoded = URLDecoder.decode(filename, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = filename;
        }
        for (String segment : decoded.split("/")) {
            if (segment.equals("..")) {
                throw ClusterException.badRequest("upload path '" + Excerpt.of(decoded) + "' leaves its directory");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw ClusterException.badRequest("upload path '" + Excerpt.of(decoded) + "' has a name over "
                        + MAX_SEGMENT_BYTES + " bytes");
            }
        }
        return decoded;
    }

    private static void drain(InputStream in) {
        byte[] buf = new byte[8192];
        try (in) {
            while (in.read(buf) >= 0) {
                // discard what the importer did not read
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
