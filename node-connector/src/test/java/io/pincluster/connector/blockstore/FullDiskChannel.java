package io.pincluster.connector.blockstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A journal file that fails writes like a full disk while {@link #full} is set: a write stores part of its bytes
 * and then throws, as a write that runs out of space midway does. Everything else goes to the real file.
 */
final class FullDiskChannel extends FileChannel {
    private final FileChannel file;
    private final AtomicBoolean full;

    FullDiskChannel(FileChannel file, AtomicBoolean full) {
        this.file = file;
        this.full = full;
    }

    private int failAfterPart(ByteBuffer src, long position) throws IOException {
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + Math.min(part.remaining(), 3));
        file.write(part, position);
        throw new IOException("No space left on device");
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        return full.get() ? failAfterPart(src, position) : file.write(src, position);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return full.get() ? failAfterPart(src, file.position()) : file.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (full.get()) {
            throw new IOException("No space left on device");
        }
        return file.write(srcs, offset, length);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return file.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return file.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return file.read(dst, position);
    }

    @Override
    public long position() throws IOException {
        return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        file.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        file.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        file.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return file.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return file.transferFrom(src, position, count);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return file.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return file.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return file.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        file.close();
    }
}
